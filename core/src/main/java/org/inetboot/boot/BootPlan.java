package org.inetboot.boot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.inetboot.menu.DistroFamily;
import org.inetboot.menu.MenuEntry;

/**
 * What stage 1 will boot: the image, the chosen entry, stage 2 if it goes along, and the command
 * line the target kernel gets. Plain data.
 *
 * <p>The command line is the entry's own; with stage 2, the family's hand-over arguments (each
 * replacing the entry's argument of the same name, and the family's dropped arguments removed), {@code rdinit=} for stage 2 and stage 2's
 * parameters; then what the user appends; last {@code inetboot.url=IMAGE}.
 */
public record BootPlan(String image, DistroFamily distro, MenuEntry entry, Optional<Stage2> stage2, String cmdline) {

    public static final String URL_PARAMETER = "inetboot.url=";

    public static BootPlan of(
            String image, DistroFamily distro, MenuEntry entry, String append, Optional<Stage2> stage2) {
        var words = new ArrayList<>(split(entry.cmdline()));
        stage2.ifPresent(two -> {
            words.removeIf(word -> distro.dropped().contains(name(word)));
            distro.handOver(Stage2.NBD_DEVICE).forEach(word -> replace(words, word));
            replace(words, "rdinit=" + Stage2.INIT);
            two.parameters().forEach(word -> replace(words, word));
        });
        words.addAll(split(append));
        words.removeIf(word -> word.startsWith(URL_PARAMETER));
        words.add(URL_PARAMETER + image);
        return new BootPlan(image, distro, entry, stage2, String.join(" ", words));
    }

    /** Puts {@code word} where the first argument of the same name was (dropping the others), else at the end. */
    private static void replace(List<String> words, String word) {
        var name = name(word);
        var at = IntStream.range(0, words.size())
                .filter(i -> name(words.get(i)).equals(name))
                .findFirst();
        words.removeIf(w -> name(w).equals(name));
        words.add(at.orElse(words.size()), word);
    }

    private static String name(String word) {
        int equals = word.indexOf('=');
        return equals < 0 ? word : word.substring(0, equals);
    }

    private static List<String> split(String text) {
        return text == null || text.isBlank()
                ? List.of()
                : Arrays.asList(text.strip().split("\\s+"));
    }
}
