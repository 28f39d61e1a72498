# Monkey-patch before anything imports socket, threading or pymongo: nameko and the services run on eventlet.
import eventlet

eventlet.monkey_patch()
