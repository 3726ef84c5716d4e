"""Live co-editing of a section (issue 18): a shared Yjs document per section, its rooms on
the WebSocket side and its persistence through proposals.services.section_save."""
