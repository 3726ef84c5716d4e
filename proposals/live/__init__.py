"""Live co-editing of a section (issue 18): a shared Yjs document per section, its rooms on
the WebSocket side and its persistence through proposals.services.section_save.

A WebSocket per browser (consumer.py, y-websocket's protocol read by protocol.py), one room per
section in each ASGI process (room.py), the rooms of every process joined by the channel
layer's group of the section (broadcast.py); documents.py stores the shared document."""
