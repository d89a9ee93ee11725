"""Small response helpers shared by every app."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def no_store(response: HttpResponse) -> HttpResponse:
    """Pages with patient data: never cached by the browser, a proxy or the back button."""
    add_never_cache_headers(response)  # max-age=0, no-cache, no-store, must-revalidate, private
    return response


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, for lockouts and rate limits (settings.AXES_CLIENT_IP_CALLABLE).

    With no trusted proxy it is REMOTE_ADDR. Behind TRUSTED_PROXY_COUNT proxies it is the entry
    that many places from the right of X-Forwarded-For: the address the outermost proxy saw.
    Entries further left come from the client and could be forged, so they are never used.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        addresses = [address.strip() for address in forwarded if address.strip()]
        if len(addresses) >= count:
            return addresses[-count]
    return request.META.get("REMOTE_ADDR")


class RefuseOversizedUploads(FileUploadHandler):
    """Django leaves file parts out of DATA_UPLOAD_MAX_MEMORY_SIZE. No page takes a file, so a
    multipart body over the limit is refused as a whole, before it is read (a 413 page)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")

    def receive_data_chunk(self, raw_data, start):
        return raw_data  # within the limit: the next handler deals with it

    def file_complete(self, file_size):
        return None
