"""The web page over a store: stories, a story's coverage side by side, articles, and a JSON API.

``newsweave serve`` runs :func:`create_app` under uvicorn. Only what HTTP needs lives here: the
app (:mod:`~newsweave.web.app`), what each request reads (:mod:`~newsweave.web.context`), the
parameters and calls the pages and the API share (:mod:`~newsweave.web.service`), the routes
(:mod:`~newsweave.web.pages`, :mod:`~newsweave.web.api`) and what the templates show
(:mod:`~newsweave.web.views`). A story's comparison and an article's details come from
:mod:`newsweave.stories`, which the ``story`` and ``embed`` commands use without importing
FastAPI (over half a second to import).
"""

from newsweave.web.app import CONTENT_SECURITY_POLICY, create_app

__all__ = ["CONTENT_SECURITY_POLICY", "create_app"]
