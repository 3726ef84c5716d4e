"""Live co-editing of a section (issue 18): a WebSocket per browser, one room per section in
each ASGI process, the rooms of every process joined by the channel layer's group of the
section. protocol.py reads and writes y-websocket's messages, room.py keeps the shared
document and its rules, consumer.py is the socket; documents.py stores, broadcast.py tells."""
