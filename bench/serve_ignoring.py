#!/usr/bin/env python3
"""The bench kit's serve.py, except that it ignores validators: every GET is
answered 200 with the full body, as some servers do. Same options as serve.py;
the kit's folder is given first:

    ./serve_ignoring.py KIT_DIR --root DIR --port 8766
"""
import os
import sys

kit = os.path.abspath(sys.argv.pop(1))
sys.path.insert(0, kit)
import serve  # noqa: E402  (the kit's server, imported from KIT_DIR)

CONDITIONAL = ("If-None-Match", "If-Modified-Since")


class IgnoringHandler(serve.Handler):
    def serve(self, head):
        for name in CONDITIONAL:
            del self.headers[name]
        return super().serve(head)


serve.Handler = IgnoringHandler
if __name__ == "__main__":
    serve.main()
