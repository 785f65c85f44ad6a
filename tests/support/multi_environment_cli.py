# The credential layout of the Pipecat Cloud CLI's unreleased multi-environment change
# (daily-co/pipecat-cloud pull request #149, commit d282bf1, src/pipecatcloud/cli/config.py),
# for tests: the bodies of _resolve_environment, update_user_config and remove_user_config are
# that commit's; left out are its docstrings, the in-memory `user_config` updates, the error
# wrapping and the permission repair. Its output was checked byte for byte against the commit's
# own module (tests/fixtures/cli-multi-environment/README.md). What it does is written down in
# docs/cli-credentials-behaviour.md.
#
# Copyright (c) 2025, Daily
# SPDX-License-Identifier: BSD-2-Clause
#
# Usage: PIPECAT_CONFIG_PATH=<file> [PIPECAT_API_HOST=<host>] python3 multi_environment_cli.py
#   resolve                 prints the credential keys the CLI would use, as JSON
#   update '<json kwargs>'  update_user_config(**kwargs), as its login, use-pat and refresh do
#   remove                  remove_user_config(), as its logout does
# `resolve` needs only tomllib (Python 3.11+); `update` and `remove` write with `toml` 0.10,
# the CLI's own TOML library.

import json
import os
import sys

user_config_path = os.environ["PIPECAT_CONFIG_PATH"]

_CREDENTIAL_KEYS = {"token", "refresh_token", "token_expires_at", "org"}
_DEFAULT_API_HOST = "https://api.pipecat.daily.co"


def _get_active_api_host() -> str:
    return os.environ.get("PIPECAT_API_HOST", _DEFAULT_API_HOST)


def _resolve_environment(raw_config: dict) -> dict:
    envs = raw_config.get("environments")
    if not isinstance(envs, dict):
        return raw_config

    host = _get_active_api_host()
    env_section = envs.get(host)
    if not isinstance(env_section, dict):
        return raw_config

    resolved = dict(raw_config)
    for key in _CREDENTIAL_KEYS:
        if key in env_section:
            resolved[key] = env_section[key]
    return resolved


def _read_user_config():
    if not os.path.exists(user_config_path):
        return {}
    try:
        import toml

        with open(user_config_path) as f:
            return toml.load(f)
    except ImportError:
        import tomllib

        with open(user_config_path, "rb") as f:
            return tomllib.load(f)


def _write_user_config(new_config):
    import toml

    with open(user_config_path, "w") as f:
        toml.dump(new_config, f)


def remove_user_config():
    existing_config = _read_user_config()
    host = _get_active_api_host()
    is_default = host == _DEFAULT_API_HOST

    # Remove the active environment's section
    envs = existing_config.get("environments", {})
    envs.pop(host, None)

    # If default host, clear top-level credential keys
    if is_default:
        for key in _CREDENTIAL_KEYS:
            existing_config.pop(key, None)

    # If no environments remain and no org-specific data, delete the file
    remaining_envs = {k: v for k, v in envs.items() if isinstance(v, dict)}
    top_level_org_sections = {
        k: v
        for k, v in existing_config.items()
        if k not in (_CREDENTIAL_KEYS | {"environments"}) and isinstance(v, dict)
    }

    if not remaining_envs and not top_level_org_sections:
        os.remove(user_config_path)
    else:
        if remaining_envs:
            existing_config["environments"] = remaining_envs
        else:
            existing_config.pop("environments", None)
        _write_user_config(existing_config)


def update_user_config(
    token=None,
    active_org=None,
    additional_data=None,
    refresh_token=None,
    token_expires_at=None,
):
    # Load the existing toml (if it exists)
    existing_config = _read_user_config()

    host = _get_active_api_host()
    is_default = host == _DEFAULT_API_HOST

    # Ensure the environments structure exists
    if "environments" not in existing_config:
        existing_config["environments"] = {}
    if host not in existing_config["environments"]:
        existing_config["environments"][host] = {}

    env_section = existing_config["environments"][host]

    # Update credential fields in the environment section
    if token:
        env_section["token"] = token
    if refresh_token is not None:
        env_section["refresh_token"] = refresh_token
    if token_expires_at is not None:
        env_section["token_expires_at"] = token_expires_at
    if active_org:
        env_section["org"] = active_org

    # Mirror to top-level keys when using the default host (forwards compat)
    if is_default:
        if token:
            existing_config["token"] = token
        if refresh_token is not None:
            existing_config["refresh_token"] = refresh_token
        if token_expires_at is not None:
            existing_config["token_expires_at"] = token_expires_at
        if active_org:
            existing_config["org"] = active_org

    # Org-specific additional_data stays at the top level
    if active_org:
        org_key = active_org
        if org_key not in existing_config:
            existing_config[org_key] = {}
        if additional_data:
            existing_config[org_key].update(additional_data)
    elif additional_data:
        raise ValueError("Attempt to store additional data without specifying namespace")

    _write_user_config(existing_config)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "resolve":
        resolved = _resolve_environment(_read_user_config())
        print(json.dumps({key: resolved.get(key) for key in sorted(_CREDENTIAL_KEYS)}))
    elif command == "update":
        update_user_config(**json.loads(sys.argv[2]))
    elif command == "remove":
        remove_user_config()
    else:
        sys.exit(f"unknown command {command}")
