"""WSGI entry point for the test Keystone: stock Keystone, plus KakaoCloud's two differences.

KakaoCloud's IAM is OpenStack Keystone v3 with two rules stock Keystone does not have:

(a) at most 2 IAM access keys (application credentials) per user and project;
(b) a token issued with an IAM access key may manage S3 access keys (EC2 credentials),
    at most 2 per user and project;
(c) `POST /auth/tokens` without `Content-Type: application/json` is refused with 400
    (KakaoCloud since 2026-04-02; stock Keystone accepts it).

gunicorn serves `application`. The test process that started the server passes its PID in
KCRED_TEST_PARENT_PID; when that process is gone the server stops itself, so no Keystone
outlives its test run, however the run ends.
"""

import json
import os
import shutil
import sys
import threading
import time

# oslo.config would otherwise parse gunicorn's command line and abort.
sys.argv = sys.argv[:1]

import flask  # noqa: E402
from keystone import exception  # noqa: E402
from keystone.api import users as users_api  # noqa: E402
from keystone.application_credential import core as app_cred_core  # noqa: E402
from keystone.common import provider_api  # noqa: E402
from keystone.server.flask import core as flask_core  # noqa: E402

KEYS_PER_PROJECT = 2
PROVIDERS = provider_api.ProviderAPIs

_create_app_cred = app_cred_core.Manager.create_application_credential


def create_application_credential(self, application_credential, initiator=None):
    user_id = application_credential["user_id"]
    project_id = application_credential["project_id"]
    in_project = [
        cred
        for cred in self.list_application_credentials(user_id)
        if cred.get("project_id") == project_id
    ]
    if len(in_project) >= KEYS_PER_PROJECT:
        raise exception.ApplicationCredentialLimitExceeded(limit=KEYS_PER_PROJECT)
    return _create_app_cred(self, application_credential, initiator)


app_cred_core.Manager.create_application_credential = create_application_credential


def require_primary_auth_for_ec2(oslo_context, token):
    """Allows tokens from application credentials; keeps trusts out; enforces the limit."""
    if getattr(oslo_context, "trust_id", None):
        raise exception.ForbiddenAction(
            action="Delegated tokens cannot access credentials directly"
        )
    request = flask.request
    if request.method != "POST":
        return
    body = request.get_json(silent=True) or {}
    project_id = body.get("tenant_id")
    user_id = request.view_args.get("user_id")
    existing = PROVIDERS.credential_api.list_credentials_for_user(user_id, type="ec2")
    in_project = [cred for cred in existing if cred.get("project_id") == project_id]
    if len(in_project) >= KEYS_PER_PROJECT:
        raise exception.Forbidden(
            message="Unable to create additional S3 access keys, maximum of %d "
            "already exceeded for project." % KEYS_PER_PROJECT
        )


users_api._require_primary_auth_for_ec2 = require_primary_auth_for_ec2


def _stop_with_parent():
    parent = int(os.environ.get("KCRED_TEST_PARENT_PID", "0") or 0)
    if parent <= 0:
        return
    while True:
        time.sleep(1)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            # The test harness's own temporary dir (database, keys, logs) goes too.
            state = os.path.dirname(os.environ["KCRED_KEYSTONE_CONFIG"])
            if os.path.basename(state).startswith("kcred-keystone-"):
                shutil.rmtree(state, ignore_errors=True)
            try:
                os.kill(os.getppid(), 15)  # the gunicorn master
            finally:
                os._exit(0)


threading.Thread(target=_stop_with_parent, daemon=True).start()

def require_json_token_requests(app):
    def middleware(environ, start_response):
        path = environ.get("PATH_INFO", "").rstrip("/")
        content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if (
            environ.get("REQUEST_METHOD") == "POST"
            and path.endswith("/auth/tokens")
            and content_type != "application/json"
        ):
            body = json.dumps(
                {
                    "error": {
                        "code": 400,
                        "message": "Content-Type must be application/json.",
                        "title": "Bad Request",
                    }
                }
            ).encode()
            start_response(
                "400 Bad Request",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        return app(environ, start_response)

    return middleware


application = require_json_token_requests(
    flask_core.initialize_application(
        name="public", config_files=[os.environ["KCRED_KEYSTONE_CONFIG"]]
    )
)
