package org.inetboot.boot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.inetboot.menu.DistroFamily;
import org.inetboot.menu.MenuEntry;

/**
 * What stage 1 will boot: the image, the chosen entry, and the command line the target kernel gets
 * (the entry's own, what the user appends, and {@code inetboot.url} for stage 2). Plain data.
 */
public record BootPlan(String image, DistroFamily distro, MenuEntry entry, String cmdline) {

    /** The parameters InetBoot itself adds; stage 2 reads them from /proc/cmdline. */
    public static final String URL_PARAMETER = "inetboot.url=";

    public static BootPlan of(String image, DistroFamily distro, MenuEntry entry, String append) {
        var words = new ArrayList<String>();
        words.addAll(split(entry.cmdline()));
        words.addAll(split(append));
        words.removeIf(word -> word.startsWith(URL_PARAMETER));
        words.add(URL_PARAMETER + image);
        return new BootPlan(image, distro, entry, String.join(" ", words));
    }

    private static List<String> split(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.strip().split("\\s+"));
    }
}
