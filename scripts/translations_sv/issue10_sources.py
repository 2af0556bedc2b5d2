"""Swedish translations for issue 10, items 3 and 4 (indexation per parameter, source grades)."""

from __future__ import annotations

SV = {
    "primary source": "primärkälla",
    "secondary source": "sekundärkälla",
    "estimate": "uppskattning",
    "not graded": "ej graderad",
    "by statute": "enligt författning",
    "Grade": "Källgrad",
    "Status and grade": "Status och källgrad",
}
