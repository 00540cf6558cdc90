"""The state table (names -> codes, codes -> English and Dutch names) read from the disk cache
is the one pycountry gives; a broken cache file is rebuilt."""

from whatapplies import knowledge, names


def test_cached_state_table_is_the_built_one(tmp_path, monkeypatch):
    monkeypatch.setenv(knowledge.CACHE_DIR_ENV, str(tmp_path))
    monkeypatch.delenv(knowledge.CACHE_ENV, raising=False)
    names._state_table.cache_clear()
    try:
        built = names._build_state_table()
        assert names._state_table() == built
        (stored,) = tmp_path.glob("states-*.pickle")
        names._state_table.cache_clear()
        assert names._state_table() == built, "read back from the cache"
        stored.write_bytes(b"not a pickle")
        names._state_table.cache_clear()
        assert names._state_table() == built, "rebuilt"
    finally:
        names._state_table.cache_clear()


def test_display_names_match_pycountry_unless_a_sentence_needs_another():
    for code in list(names._state_table()[1]) + ["PSE", "XKX", "aze", "ZZZ", "group:ELN"]:
        for index, lang in enumerate(("en", "nl")):
            expected = names._pycountry_name(code, lang) if code not in names.EXTRA_STATE_NAMES else None
            if code.startswith("group:") or expected is None:
                continue
            shown = names.SHOWN_NAMES.get(code, (None, None))[index]
            assert names.state_display_name(code, lang) == (shown or expected)
    assert names.state_display_name("PSE", "nl") == "Palestina"
    # ISO's inverted names read badly in a sentence: "Venezuela, Bolivariaanse Republiek (handelende staat) is ..."
    assert names.state_display_name("VEN", "nl") == "Venezuela"
    assert names.state_display_name("COD", "en") == "Democratic Republic of the Congo"
    assert names.state_display_name("GEO", "nl") == "Georgië"
    states_with_commas = {code for code in names._state_table()[1] for lang in ("en", "nl")
                          if ", " in names.state_display_name(code, lang)}
    assert states_with_commas == {"BES", "SHN"}  # names that are lists: "Bonaire, Sint Eustatius and Saba"
    for typed, code in (("Zuid-Korea", "KOR"), ("Georgië", "GEO"), ("Democratische Republiek Congo", "COD")):
        assert names.resolve_state(typed) == code
