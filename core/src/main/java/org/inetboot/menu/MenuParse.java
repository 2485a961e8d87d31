package org.inetboot.menu;

import java.util.List;

/** What a parser found: the entries, and warnings about what it could not read or understand. */
public record MenuParse(List<MenuEntry> entries, List<String> warnings) {

    public MenuParse {
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
    }
}
