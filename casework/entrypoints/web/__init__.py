"""The web app of casework (issue 8): server-rendered pages, sessions and the JSON API.

:func:`casework.entrypoints.web.app.create_app` builds the FastAPI application; ``casework
serve`` runs it with uvicorn through :func:`casework.entrypoints.web.server.run`.
"""
