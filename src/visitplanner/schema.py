"""The JSON Schema of the brief, for editors (yaml-language-server) and for readers."""

from __future__ import annotations

from typing import Any

from visitplanner.models import Brief

SCHEMA_ID = "https://visitplanner.example/brief.schema.json"


def brief_schema() -> dict[str, Any]:
    """The schema generated from the models, in validation mode."""
    schema = Brief.model_json_schema(mode="validation", by_alias=True)
    schema["$id"] = SCHEMA_ID
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "visitplanner brief"
    return schema
