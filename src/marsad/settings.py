"""All settings in one validated object, by section: pipeline, store, API, batch and watch.

Precedence, lowest first: packaged defaults < the user's TOML file (``--config``) < environment variables
(``MARSAD_<SECTION>__<KEY>``, e.g. ``MARSAD_BATCH__WORKERS=4``; lists as JSON) < command-line flags. The
file has one table per section; a ``[marsad]`` table is the pipeline's (the older form of the file)::

    [pipeline]
    ner_mode = "best"
    [store]
    db = "postgresql://marsad@db/marsad"
    [batch]
    workers = 8

``marsad config show`` prints the merged result. The pipeline section is :class:`marsad.config.Config`,
the object every stage receives.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    TypeAdapter,
    ValidationError,
    field_serializer,
    field_validator,
)
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from .config import Config
from .errors import ConfigError

ENV_PREFIX = "MARSAD_"
SECTIONS = ("pipeline", "store", "api", "batch", "watch")
_CONFIG = TypeAdapter(Config)
#: The settings file being read (set while :meth:`Settings.load` runs).
_FILE_DATA: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("marsad_settings_file",
                                                                                   default=None)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StoreSection(_Section):
    """Where the data lives: ``db`` (SQLite file or ``postgresql://`` URL) and ``state_dir``, the folder of
    the batch checkpoint, the batch report and the watcher's state (default: beside a SQLite file, else
    the user's cache folder; never the working directory)."""

    db: str = "marsad.db"
    state_dir: Path | None = None

    def state_path(self, suffix: str) -> Path:
        """The state file ``<store name><suffix>`` in the state folder."""
        if "://" in self.db:
            name = f"marsad-{hashlib.sha256(self.db.encode()).hexdigest()[:10]}"
            folder = self.state_dir or user_cache_dir()
        else:
            database = Path(self.db).expanduser()
            name, folder = database.name, self.state_dir or database.parent
        return folder / f"{name}{suffix}"


class ApiSection(_Section):
    """``marsad serve``: address, write token (``token_file`` is safer than ``token``: a command line is
    visible to other users), browser origins and request limits."""

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)  # 0: any free port
    token: SecretStr | None = None
    token_file: Path | None = None
    cors_origins: tuple[str, ...] = ()
    max_page_size: int = Field(default=200, ge=1, le=10_000)
    max_query_length: int = Field(default=200, ge=1, le=10_000)
    max_body_bytes: int = Field(default=5_000_000, ge=1024)

    @field_serializer("token")
    def _hide_token(self, token: SecretStr | None) -> str | None:
        return "********" if token else None


class BatchSection(_Section):
    """``marsad batch``: engine, workers (default one per CPU), Dask scheduler, task and write sizes."""

    engine: Literal["local", "dask"] = "local"
    workers: int | None = Field(default=None, ge=1)
    scheduler: str | None = None
    chunk_size: int = Field(default=50, ge=1)
    batch_size: int = Field(default=200, ge=1)


class WatchSection(_Section):
    """``marsad watch``: values set here override those of the feeds file (None: the feeds file's)."""

    interval: float | None = Field(default=None, gt=0)
    user_agent: str | None = None
    min_interval: float | None = Field(default=None, ge=0)
    timeout: float | None = Field(default=None, gt=0)
    retries: int | None = Field(default=None, ge=0)
    backoff: float | None = Field(default=None, ge=0)
    max_attempts: int | None = Field(default=None, ge=1)


class _FileSource(PydanticBaseSettingsSource):
    """The user's TOML file, between the defaults and the environment."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return (_FILE_DATA.get() or {}).get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(_FILE_DATA.get() or {})


class Settings(BaseSettings):
    """Every setting of Marsad, by section (see the module docstring for the precedence)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_nested_delimiter="__", extra="forbid",
                                      frozen=True, arbitrary_types_allowed=True)

    pipeline: Config = Config()
    store: StoreSection = StoreSection()
    api: ApiSection = ApiSection()
    batch: BatchSection = BatchSection()
    watch: WatchSection = WatchSection()

    @field_validator("pipeline", mode="before")
    @classmethod
    def _pipeline(cls, value: Any) -> Config:
        if isinstance(value, Config):
            return value
        if not isinstance(value, dict):
            raise ValueError("the pipeline section is a table of settings")
        known = set(Config.__dataclass_fields__)
        unknown = set(value) - known
        if unknown:
            raise ValueError(f"unknown setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
        current = {name: getattr(Config(), name) for name in known}
        for name, given in value.items():  # lists from the environment come as JSON text
            current[name] = json.loads(given) if isinstance(given, str) and given.startswith("[") else given
        try:
            return _CONFIG.validate_python(current)
        except ConfigError as error:
            raise ValueError(str(error)) from error

    @field_serializer("pipeline")
    def _pipeline_out(self, config: Config) -> dict[str, Any]:
        return {name: list(value) if isinstance(value, tuple) else value
                for name, value in ((field, getattr(config, field)) for field in config.__dataclass_fields__)}

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, _FileSource(settings_cls)

    @classmethod
    def load(cls, path: str | Path | None = None, **flags: dict[str, Any]) -> Settings:
        """Defaults, then the file at ``path``, the environment and ``flags`` (a dict per section, values
        that are None left out); every problem is one :class:`~marsad.errors.ConfigError`."""
        overrides = {section: {key: value for key, value in values.items() if value is not None}
                     for section, values in flags.items()}
        token = _FILE_DATA.set(read_file(path) if path is not None else {})
        try:
            given: Any = {key: value for key, value in overrides.items() if value}
            settings = cls(**given)
        except ValidationError as error:
            raise ConfigError(_describe(error, path)) from None
        finally:
            _FILE_DATA.reset(token)
        return settings

    def show(self) -> str:
        """The merged settings as TOML-like text (the token hidden)."""
        data = self.model_dump(mode="json")
        lines = []
        for section in SECTIONS:
            lines.append(f"[{section}]")
            for key, value in data[section].items():
                lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}" if value is not None
                             else f"# {key}: unset (the default applies)")
            lines.append("")
        return "\n".join(lines)

    def api_token(self) -> str | None:
        """The write token: ``api.token``, else the first line of ``api.token_file``, else None."""
        from .api.settings import api_token

        token = self.api.token.get_secret_value() if self.api.token else None
        return api_token(token=token, token_file=self.api.token_file)


def read_file(path: str | Path) -> dict[str, Any]:
    """The sections of a settings file (a ``[marsad]`` table is the pipeline section)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read config {path}: {error}") from error
    if "marsad" in data:
        legacy = data.pop("marsad")
        if not isinstance(legacy, dict):
            raise ConfigError(f"{path}: [marsad] must be a table of pipeline settings")
        data["pipeline"] = {**legacy, **data.get("pipeline", {})}
    unknown = set(data) - set(SECTIONS)
    if unknown:
        raise ConfigError(f"{path}: unknown section(s) {', '.join(sorted(unknown))}; known: {', '.join(SECTIONS)}")
    return data


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/marsad``, else ``~/.cache/marsad``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "marsad"


def _describe(error: ValidationError, path: str | Path | None) -> str:
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"])
        problems.append(f"{where}: {item['msg']}")
    origin = f"file {path}, " if path else ""
    return f"invalid settings ({origin}environment {ENV_PREFIX}*, options): " + "; ".join(problems)
