"""Load ``config/facilitation.yaml``: the booklet's discussion formats as facilitation kits.

The file is optional (no file: no kits). Like the other loaders, every problem is reported at
once with file, line and a hint: schema errors as CW101-CW107; against municipality.yaml, the
picking attribute missing or not a choice (CW925), a kit that is not one of its choices (CW926),
a choice with no kit (CW927), and a programme longer or shorter than the format's duration
(CW928).
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from pydantic import Field, StrictInt, model_validator
from pydantic_core import PydanticCustomError

from casework.adapters.config.loader import FileNames, SourceFile
from casework.adapters.config.schema import Id, SchemaVersion, Text, _FileModel
from casework.domain.errors import DefinitionError, did_you_mean
from casework.domain.facilitation import (
    EMPTY,
    FacilitationConfig,
    Kit,
    Phase,
    ProgrammeItem,
    Question,
)
from casework.domain.organisation import AttributeType, Municipality

FACILITATION_FILE = "facilitation.yaml"
CW_UNKNOWN_ATTRIBUTE = "CW925"
CW_KIT_NOT_A_CHOICE = "CW926"
CW_CHOICE_WITHOUT_KIT = "CW927"
CW_DURATION = "CW928"


class ProgrammeModel(_FileModel):
    """One block of a kit's programme."""

    minutes: StrictInt = Field(ge=1, le=480, description="How long the block takes.")
    title: Text = Field(description="What happens (Danish).")
    title_en: Text | None = Field(None, description="What happens (English).")
    text: Text | None = Field(None, description="How: instructions to the facilitator.")
    text_en: Text | None = Field(None, description="The instructions in English.")


class QuestionModel(_FileModel):
    """A question for the discussion; ``scale`` makes it a rating question."""

    text: Text = Field(description="The question (Danish).")
    text_en: Text | None = Field(None, description="The question in English.")
    scale: tuple[StrictInt, StrictInt] | None = Field(
        None, description="A rating question's scale, e.g. [1, 5]."
    )

    @model_validator(mode="after")
    def _scale_rises(self) -> QuestionModel:
        if self.scale is not None and self.scale[0] >= self.scale[1]:
            raise PydanticCustomError(
                "config.value.scale", "a scale goes from low to high, e.g. [1, 5]", {}
            )
        return self


class PhaseModel(_FileModel):
    """One phase of a process plan."""

    title: Text = Field(description="The phase (Danish).")
    title_en: Text | None = Field(None, description="The phase in English.")
    when: Text = Field(description="When, e.g. 'Marts: udvalgsmøde'.")
    text: Text | None = Field(None, description="What happens in the phase.")


class KitModel(_FileModel):
    """One discussion format (``kits:``)."""

    id: Id = Field(description="The format's id: a choice of the picking attribute.")
    title: Text = Field(description="The format's name (Danish).")
    title_en: Text | None = Field(None, description="The format's name in English.")
    purpose: Text = Field(description="What the format is good for (Danish).")
    purpose_en: Text | None = Field(None, description="The purpose in English.")
    duration_minutes: StrictInt = Field(
        ge=5, le=480, description="Time on the agenda; the programme must add up to it."
    )
    programme: tuple[ProgrammeModel, ...] = Field(min_length=1, description="The programme.")
    questions: tuple[QuestionModel, ...] = Field((), description="Questions for the body.")
    materials: tuple[Text, ...] = Field((), description="What to bring or print.")
    process_plan: tuple[PhaseModel, ...] = Field(
        (), description="Phases over several meetings (vision work)."
    )

    def to_domain(self) -> Kit:
        """The frozen kit."""
        return Kit(
            id=self.id,
            title=self.title,
            title_en=self.title_en,
            purpose=self.purpose,
            purpose_en=self.purpose_en,
            duration=self.duration_minutes,
            programme=tuple(
                ProgrammeItem(p.minutes, p.title, p.title_en, p.text, p.text_en)
                for p in self.programme
            ),
            questions=tuple(Question(q.text, q.text_en, q.scale) for q in self.questions),
            materials=self.materials,
            process_plan=tuple(
                Phase(p.title, p.when, p.title_en, p.text) for p in self.process_plan
            ),
        )


class FacilitationFile(_FileModel):
    """``config/facilitation.yaml``."""

    schema_version: SchemaVersion = Field(description="Version of this file format; always 1.")
    attribute: Id = Field(
        "droeftelsesformat",
        description="The case attribute (a choice in municipality.yaml) that picks the kit.",
    )
    kits: tuple[KitModel, ...] = Field(min_length=1, description="The formats.")


def load_facilitation(directory: str | Path, municipality: Municipality) -> FacilitationConfig:
    """The checked kits; :data:`EMPTY` without the file.

    Raises:
        DefinitionError: with every finding of ``facilitation.yaml``.
    """
    root = Path(directory)
    path = root / FACILITATION_FILE
    if not path.is_file():
        return EMPTY
    source = SourceFile.read(path, FileNames(root))
    model = source.validate(FacilitationFile)
    if model is not None:
        _check(source, model, municipality)
    findings = source.sorted_findings()
    if findings or model is None:
        raise DefinitionError(findings)
    kits = {kit.id: kit.to_domain() for kit in model.kits}
    return FacilitationConfig(attribute=model.attribute, kits=MappingProxyType(kits))


def _check(source: SourceFile, model: FacilitationFile, municipality: Municipality) -> None:
    spec = municipality.attributes.get(model.attribute)
    for index, kit in enumerate(model.kits):
        total = sum(p.minutes for p in kit.programme)
        if total != kit.duration_minutes:
            source.add(
                CW_DURATION, "facilitation.duration", f"kits[{index}].duration_minutes",
                total=total, duration=kit.duration_minutes,
            )  # fmt: skip
    if spec is None or spec.type is not AttributeType.CHOICE:
        source.add(
            CW_UNKNOWN_ATTRIBUTE, "facilitation.unknown_attribute", "attribute",
            did_you_mean(model.attribute, municipality.attributes), attribute=model.attribute,
        )  # fmt: skip
        return
    ids = [kit.id for kit in model.kits]
    for index, kit_id in enumerate(ids):
        if kit_id not in spec.choices:
            source.add(
                CW_KIT_NOT_A_CHOICE, "facilitation.kit_not_a_choice", f"kits[{index}].id",
                did_you_mean(kit_id, spec.choices), kit=kit_id, attribute=spec.id,
            )  # fmt: skip
    for choice in spec.choices:
        if choice not in ids:
            source.add(
                CW_CHOICE_WITHOUT_KIT, "facilitation.choice_without_kit", "kits",
                did_you_mean(choice, ids), choice=choice, attribute=spec.id,
            )  # fmt: skip
