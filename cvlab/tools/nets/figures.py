"""The Networks tab's figures as text, and the totals two networks are compared by (no Qt).

The tab, its diagram and its tables write every number through these functions, so a
parameter count or a MACs figure reads the same wherever it appears:

* ``count_text(n)``: an exact count with thousands separators ("25,557,032");
* ``millions(n)`` / ``giga(n)``: "25.56 M", "4.09 G" (parameters in millions, MACs in
  10⁹ multiply-adds); ``short_millions`` / ``short_giga`` to three digits ("14.2 M");
* ``shape_text(shape)``: "2048×7×7"; ``field_text(size)``: "427 px" or "whole input";
* ``depth(profile)``: the weighted layers (convolutions, fully connected, attention) on
  the main path, the count a network's name gives (ResNet-50: 49 convs and 1 fc = 50);
* ``widest_field(profile)``: the largest receptive field a main-path layer reaches before
  a layer that mixes the whole input (global pooling, a fully connected layer on the
  flattened map, self-attention);
* ``comparison_rows(a, b)``: (what, a, b, b/a) for the comparison view.
"""

from __future__ import annotations

from cvlab.core.i18n import translate
from cvlab.tools.nets.table import Profile


def count_text(count: int) -> str:
    return f"{count:,}"


def millions(count: float) -> str:
    return f"{count / 1e6:,.2f} M"


def giga(count: float) -> str:
    """MACs in 10⁹: two decimals, three significant digits below 1 (a head's 0.00205 G)."""
    value = count / 1e9
    return f"{value:,.2f} G" if value >= 1 or value == 0 else f"{value:.3g} G"


def short_millions(count: float) -> str:
    """For the diagram's narrow boxes: three significant digits from 1 up ("14.2 M",
    "124 M"), three decimals below ("0.885 M", "0.001 M")."""
    return _short(count / 1e6, "M")


def short_giga(count: float) -> str:
    return _short(count / 1e9, "G")


def _short(value: float, unit: str) -> str:
    if value == 0:
        return f"0 {unit}"
    if value >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:.3g} {unit}" if value >= 1 else f"{value:.3f} {unit}"


def shape_text(shape) -> str:
    return "×".join(str(n) for n in shape) if shape else "—"


def field_text(size: int | None) -> str:
    if size is None:
        return translate("NetsFigures", "whole input")
    return translate("NetsFigures", "{0} px").format(size)


def depth(profile: Profile) -> int:
    """Weighted layers on the main path (a ResNet shortcut's 1×1 conv is not counted).
    Only convolutions, fully connected and attention layers do MACs (macs.py), so a
    main-path row with MACs is one of them."""
    return sum(1 for row in profile.rows if row.main and row.macs > 0)


def widest_field(profile: Profile) -> int | None:
    """The largest finite receptive field on the main path (None when no layer has one)."""
    sizes = [row.receptive_field for row in profile.rows
             if row.main and row.receptive_field is not None]
    return max(sizes) if sizes else None


def ends_global(profile: Profile) -> bool:
    """Whether the last layers see the whole input (a classifier's pooling or attention)."""
    return any(row.main and row.receptive_field is None for row in profile.rows)


def field_summary(profile: Profile) -> str:
    """"427 px, then the whole input" or "200 px"."""
    widest = widest_field(profile)
    if widest is None:
        return field_text(None)
    if ends_global(profile):
        return translate("NetsFigures", "{0} px, then the whole input").format(widest)
    return field_text(widest)


def ratio_text(a: float | None, b: float | None) -> str:
    """b / a as "×0.14"; "—" when either is missing or a is zero."""
    if not a or b is None:
        return "—"
    ratio = b / a
    return f"×{ratio:.2f}" if ratio < 100 else f"×{ratio:,.0f}"


def totals_text(profile: Profile) -> str:
    """One line of a network's totals, for the summary beside the controls."""
    return translate("NetsFigures", "{0} parameters · {1} MACs · depth {2} · {3} layers").format(
        millions(profile.params), giga(profile.macs), depth(profile), len(profile.rows))


def comparison_rows(a: Profile, b: Profile) -> list[tuple[str, str, str, str]]:
    """(what, network a, network b, b / a) per compared figure."""
    def output(p: Profile) -> str:
        return shape_text(p.output_shape)

    fields = (widest_field(a), widest_field(b))
    return [
        (translate("NetsFigures", "Input"), shape_text(a.input_shape), shape_text(b.input_shape),
         "—"),
        (translate("NetsFigures", "Parameters"), millions(a.params), millions(b.params),
         ratio_text(a.params, b.params)),
        (translate("NetsFigures", "Multiply-adds (MACs)"), giga(a.macs), giga(b.macs),
         ratio_text(a.macs, b.macs)),
        (translate("NetsFigures", "Depth (weighted layers on the main path)"),
         str(depth(a)), str(depth(b)), ratio_text(depth(a), depth(b))),
        (translate("NetsFigures", "Layers run"), str(len(a.rows)), str(len(b.rows)),
         ratio_text(len(a.rows), len(b.rows))),
        (translate("NetsFigures", "Stages"), str(len(a.stages)), str(len(b.stages)),
         ratio_text(len(a.stages), len(b.stages))),
        (translate("NetsFigures", "Output"), output(a), output(b), "—"),
        (translate("NetsFigures", "Receptive field"), field_summary(a), field_summary(b),
         ratio_text(*fields) if None not in fields else "—"),
    ]
