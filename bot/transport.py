"""An aiohttp transport for python-telegram-bot: the same Bot API calls for less CPU.

PTB's default ``HTTPXRequest`` spends much of its time in httpx/httpcore's connection-pool
bookkeeping once hundreds of requests are in flight (measured in bench/bot_throughput.py, which
runs both). :class:`AiohttpRequest` sends the very same requests through one
``aiohttp.ClientSession`` (aiohttp is already a dependency). Plug it in for both the bot's calls
and getUpdates::

    application = (
        Application.builder()
        .token(token)
        .request(AiohttpRequest(connection_pool_size=256))
        .get_updates_request(AiohttpRequest(connection_pool_size=2))
        ...
        .build()
    )

Wire format: a JSON object of the parameters (``application/json``, which the Bot API accepts
for every call without files), multipart/form-data when files are sent (sendDocument with an
``InputFile``, bytes or an open file). The parameters are PTB's ``json_parameters``, the very
strings HTTPXRequest form-encodes (Telegram reads a JSON string value as it reads a form
value); form-encoding them byte by byte in ``urllib.parse`` cost about three times as much CPU
as ``json.dumps`` for a typical message with a keyboard. Timeouts follow PTB's meaning:

- ``connect_timeout``: establishing the TCP connection (aiohttp ``sock_connect``);
- ``pool_timeout``: waiting for a free connection of the pool; aiohttp only bounds pool wait
  and connecting together, so its ``connect`` limit is ``pool_timeout + connect_timeout``;
- ``read_timeout``: the gap between two chunks of the response (aiohttp ``sock_read``);
- ``write_timeout``: aiohttp has no per-write limit, so it bounds the whole request together
  with the others (``total`` = the sum of all four, when all four are set).

Errors become ``telegram.error.TimedOut`` (any timeout) and ``telegram.error.NetworkError``
(refused connection, reset, DNS...), which PTB and :mod:`bot.sending` know how to handle.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput, UploadFileDict
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

_LOGGER = logging.getLogger(__name__)

_JSON_HEADERS = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    """A ``telegram.request.BaseRequest`` on an aiohttp session with a bounded connection pool.

    Args:
        connection_pool_size: most connections open at once (requests beyond it wait for one,
            up to ``pool_timeout``). Keep it at least the processor's max_concurrent_updates.
        read_timeout, write_timeout, connect_timeout, pool_timeout: defaults in seconds
            (None = no limit), used when a call does not pass its own; PTB's defaults.
        media_write_timeout: ``write_timeout`` for requests that upload files.
    """

    __slots__ = (
        "_connect_timeout",
        "_connection_pool_size",
        "_media_write_timeout",
        "_pool_timeout",
        "_read_timeout",
        "_session",
        "_write_timeout",
    )

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        if connection_pool_size < 1:
            raise ValueError("connection_pool_size must be at least 1")
        self._connection_pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        # Created in initialize(): an aiohttp session belongs to the running event loop.
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout in seconds (PTB adds it to getUpdates' long-poll timeout)."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session and its connection pool (again, after a shutdown)."""
        if self._session is not None and not self._session.closed:
            return
        connector = aiohttp.TCPConnector(
            limit=self._connection_pool_size,
            limit_per_host=0,  # one host (api.telegram.org): the overall limit is the one
            ttl_dns_cache=300,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            headers={"User-Agent": self.USER_AGENT},
            # The Bot API sets no cookies; a real jar would be searched on every request.
            cookie_jar=aiohttp.DummyCookieJar(),
        )

    async def shutdown(self) -> None:
        """Close the session and every pooled connection."""
        if self._session is None or self._session.closed:
            _LOGGER.debug("This AiohttpRequest is already shut down. Returning.")
            return
        await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one Bot API request; return (HTTP status, response body)."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")

        files = request_data.multipart_data if request_data else None
        timeout = self._timeout(
            read=self._value(read_timeout, self._read_timeout),
            write=self._value(
                write_timeout, self._media_write_timeout if files else self._write_timeout
            ),
            connect=self._value(connect_timeout, self._connect_timeout),
            pool=self._value(pool_timeout, self._pool_timeout),
        )
        body, headers = self._body(request_data, files)
        try:
            async with self._session.request(
                method, url, data=body, headers=headers, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut(f"Timed out: {error or error.__class__.__name__}") from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{error.__class__.__name__}: {error}") from error

    @staticmethod
    def _value(passed: ODVInput[float], default: float | None) -> float | None:
        return default if isinstance(passed, DefaultValue) else passed

    @staticmethod
    @lru_cache(maxsize=64)  # a handful of combinations, asked for on every request
    def _timeout(
        read: float | None, write: float | None, connect: float | None, pool: float | None
    ) -> aiohttp.ClientTimeout:
        parts = (read, write, connect, pool)
        total = sum(parts) if None not in parts else None  # type: ignore[arg-type]
        connect_and_pool = connect + pool if connect is not None and pool is not None else None
        return aiohttp.ClientTimeout(
            total=total, connect=connect_and_pool, sock_connect=connect, sock_read=read
        )

    @staticmethod
    def _body(
        request_data: RequestData | None, files: UploadFileDict | None
    ) -> tuple[Any, dict[str, str] | None]:
        if request_data is None:
            return None, None
        if not files:
            return json.dumps(request_data.json_parameters).encode("ascii"), _JSON_HEADERS
        form = aiohttp.FormData()
        for name, value in request_data.json_parameters.items():
            form.add_field(name, value)
        for name, (filename, content, mimetype) in files.items():
            # content is bytes or an open binary file; aiohttp streams either.
            form.add_field(name, content, filename=filename, content_type=mimetype)
        return form, None
