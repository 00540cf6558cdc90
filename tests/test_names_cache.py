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


def test_display_names_match_pycountry():
    for code in list(names._state_table()[1]) + ["PSE", "XKX", "aze", "ZZZ", "group:ELN"]:
        for lang in ("en", "nl"):
            expected = names._pycountry_name(code, lang) if code not in names.EXTRA_STATE_NAMES else None
            if code.startswith("group:") or expected is None:
                continue
            assert names.state_display_name(code, lang) == expected
    assert names.state_display_name("PSE", "nl") == "Palestina"
