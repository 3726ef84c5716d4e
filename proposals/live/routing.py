"""The live co-editing's socket URL: y-websocket opens `<serverUrl>/<roomName>`, the room's
name being the section's pk (a trailing slash is accepted too)."""

from django.urls import re_path

from proposals.live.consumer import SectionConsumer

websocket_urlpatterns = [
    re_path(r"^ws/sections/(?P<section_id>[0-9]+)/?$", SectionConsumer.as_asgi()),
]
