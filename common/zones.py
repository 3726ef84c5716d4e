"""Time zones: the IANA names a workshop or a partner may be in, and a country's own zone."""

import zoneinfo

from babel.core import get_global

TIME_ZONES = [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]
DEFAULT_ZONE = "Europe/Brussels"


def time_zone_choices() -> list[tuple[str, str]]:
    """The zones to choose from. A callable, so that migrations name it instead of copying
    some six hundred zones into every migration that touches such a field."""
    return TIME_ZONES


def zone_of_country(code: str) -> str:
    """The zone a partner in this country most likely keeps its clocks by (CLDR's zones of
    the territory, its European one first: Lisbon, not the Azores), else Brussels."""
    zones = get_global("territory_zones").get((code or "").upper(), [])
    european = [zone for zone in zones if zone.startswith("Europe/")]
    return (european or zones or [DEFAULT_ZONE])[0]
