"""newsweave's version, in a module of its own so that any part of the package can name it
(the fetcher's user agent) without importing the package's API."""

__version__ = "0.1.0"
