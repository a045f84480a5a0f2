"""Regenerates models/names/*.txt from the Faker package (MIT licence).

Usage: pip download --no-deps faker && unzip faker-*.whl -d fk && python3 tools/extract_names.py fk
Each output line is `F<TAB>name` (given name) or `L<TAB>name` (family name).
"""
import importlib, sys, pathlib
sys.path.insert(0, sys.argv[1])
LOCALES = ["pl_PL", "lt_LT", "nl_NL", "nl_BE", "de_DE", "de_AT", "de_CH", "ja_JP", "en_US", "en_GB",
           "fr_FR", "es_ES", "it_IT", "cs_CZ", "sk_SK", "sv_SE", "fi_FI", "da_DK", "uk_UA", "ru_RU",
           "pt_PT", "lv_LV", "et_EE", "no_NO", "hu_HU", "ro_RO", "bg_BG", "el_GR", "hr_HR", "sl_SI", "is_IS",
           "en_IE", "ga_IE", "de_LI", "de_LU", "fr_BE", "fr_CH"]
if len(sys.argv) > 2:
    LOCALES = sys.argv[2:]
out = pathlib.Path(__file__).resolve().parent.parent / "models" / "names"
for loc in LOCALES:
    P = importlib.import_module(f"faker.providers.person.{loc}").Provider
    first, last = set(), set()
    for a in dir(P):
        v = getattr(P, a)
        if callable(v) or not isinstance(v, (tuple, list, dict)) or "pair" in a or "romanized" in a:
            continue
        target = first if "first_name" in a else last if "last_name" in a else None
        if target is None:
            continue
        for n in v:
            if isinstance(n, str) and n.strip() and n != "Doe":
                target.add(n.strip())
    lines = [f"F\t{n}" for n in sorted(first)] + [f"L\t{n}" for n in sorted(last)]
    (out / f"{loc}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(loc, len(first), len(last))
