#!/usr/bin/env python3
"""The physical baseline for GetObject: a minimal HTTP server that answers every GET with one
file sent by sendfile(2). usage: sendfile_server.py FILE PORT_FILE (writes its port there)."""
import os
import socket
import sys

path, port_file = sys.argv[1], sys.argv[2]
size = os.path.getsize(path)
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(8)
with open(port_file, "w") as f:
    f.write(str(srv.getsockname()[1]))
while True:
    conn, _ = srv.accept()
    with conn, open(path, "rb") as data:
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = conn.recv(65536)
            if not chunk:
                break
            buf += chunk
        if buf.startswith(b"QUIT"):
            break
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % size)
        conn.sendfile(data)
