"""`reviewer serve`: the office's review desk in the browser (Starlette under uvicorn).

One module per page group, each exporting `routes()`; `app.create_app` puts them
together. Pages are rendered by `render.page` (jinja2, autoescaped, with the user, the
CSRF token and the navigation); who may do what is decided in `auth`."""
