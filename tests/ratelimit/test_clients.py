import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from ratelimit.clients import bucket_identifier, client_ip

factory = RequestFactory()


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/", **extra)


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    settings.STUDIO_TRUSTED_PROXIES = 0
    assert client_ip(request_from("203.0.113.5", "1.1.1.1")) == "203.0.113.5"


def test_behind_one_proxy_the_last_hop_is_the_client(settings):
    settings.STUDIO_TRUSTED_PROXIES = 1
    # the client forged "1.1.1.1"; the proxy appended the address it saw
    assert client_ip(request_from("10.0.0.2", "1.1.1.1, 198.51.100.23")) == "198.51.100.23"


def test_behind_two_proxies_the_second_hop_from_the_right_is_the_client(settings):
    settings.STUDIO_TRUSTED_PROXIES = 2
    assert client_ip(request_from("10.0.0.2", "1.1.1.1, 198.51.100.23, 10.0.0.1")) == "198.51.100.23"


def test_a_short_forwarded_header_uses_its_first_entry(settings):
    settings.STUDIO_TRUSTED_PROXIES = 3
    assert client_ip(request_from("10.0.0.2", "198.51.100.23")) == "198.51.100.23"


def test_a_request_that_skipped_the_proxy_uses_the_peer_address(settings):
    settings.STUDIO_TRUSTED_PROXIES = 1
    assert client_ip(request_from("203.0.113.5")) == "203.0.113.5"


def test_a_garbled_forwarded_entry_falls_back_to_the_peer_address(settings):
    settings.STUDIO_TRUSTED_PROXIES = 1
    assert client_ip(request_from("203.0.113.5", "not-an-address")) == "203.0.113.5"


def test_ipv6_clients_are_counted_per_64_prefix(settings):
    settings.STUDIO_TRUSTED_PROXIES = 0
    assert client_ip(request_from("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::"
    assert client_ip(request_from("2001:db8:1:2:bbbb::9")) == "2001:db8:1:2::"


def test_no_address_at_all_is_a_configuration_error_not_a_shared_bucket(settings):
    settings.STUDIO_TRUSTED_PROXIES = 0
    with pytest.raises(ImproperlyConfigured, match="STUDIO_TRUSTED_PROXIES"):
        client_ip(request_from(""))


def test_a_signed_in_user_is_counted_per_user_wherever_they_come_from(user):
    request = request_from("203.0.113.5")
    request.user = user
    assert bucket_identifier(request) == f"user:{user.pk}"
