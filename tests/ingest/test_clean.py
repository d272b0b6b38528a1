"""Input checks: English headlines pass, other languages get one clear refusal."""
from __future__ import annotations

import pytest

from dotterel.errors import InputError
from dotterel.ingest.clean import check_text


@pytest.mark.parametrize("text", [
    "Peru's interior minister quits amid outcry over protest deaths",
    "Taiwan rebuffs Beijing's 'one country, two systems' offer",
    "Kenyan doctors end strike after government agrees pay rise",
])
def test_english_headlines_without_articles_are_english(text):
    check_text(text)  # raises InputError if refused


@pytest.mark.parametrize("text", [
    "El gobierno de Perú anunció nuevas medidas contra la inflación en la capital del país.",
    "Die Regierung hat neue Maßnahmen gegen die Inflation angekündigt, sagte der Sprecher.",
])
def test_other_latin_script_languages_are_refused(text):
    with pytest.raises(InputError, match="does not look like English"):
        check_text(text)
