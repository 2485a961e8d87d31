package org.inetboot.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.inetboot.boot.BootFiles;
import org.inetboot.boot.EntryChoice;
import org.inetboot.boot.Stage2;
import org.inetboot.boot.TargetBoot;
import org.inetboot.catalog.Catalog;
import org.inetboot.host.Messages;
import org.inetboot.image.Image;
import org.inetboot.image.OpenOptions;
import org.inetboot.iso.IsoImage;
import org.inetboot.linux.Kexec;
import org.inetboot.menu.BootMenus;
import org.inetboot.menu.MenuEntry;
import org.inetboot.source.Stats;

/**
 * The boot medium's agent: drivers for the present devices, the network, then the image's URL
 * (from {@code inetboot.url=} or the original's {@code netdir=}, else chosen from the catalog of
 * {@code inetboot.menu=URL}, else asked on the console), one of its entries
 * ({@code inetboot.entry=}, else a menu with a timeout), and kexec into the target's kernel with
 * stage 2 appended. Every failure is one line and a menu: retry, another URL,
 * or a shell (the exit status {@link #SHELL} asks the medium's init for one). What it does to the
 * machine (network, kexec, what the firmware is) goes through a {@link Machine}, so that the
 * dialogue can be tested without one.
 */
public final class Stage1 {

    /** The effects of stage 1 on the machine it runs on. */
    interface Machine {

        /** Drivers loaded, the network configured: the link in use. */
        Network.Link networkUp(IpConfig config, PrintWriter log) throws IOException, InterruptedException;

        /** Loads the target and starts it; returns only where there is no machine to start (a test). */
        void kexec(BootFiles files) throws IOException;

        boolean uefi();

        /** Stage 2's payload, if the medium carries one. */
        Optional<Path> stage2Payload();

        /** The DHCP lease the network took, if any. */
        Optional<Lease> lease();
    }

    /** This machine: stage 1 running on the medium. */
    static final Machine LINUX = new Machine() {
        @Override
        public Network.Link networkUp(IpConfig config, PrintWriter log) throws IOException, InterruptedException {
            return Network.up(config, log);
        }

        @Override
        public void kexec(BootFiles files) throws IOException {
            TargetKexec.load(files);
            Files.delete(files.initrd()); // the kernel holds its own copy once loaded
            Kexec.reboot();
        }

        @Override
        public boolean uefi() {
            return Files.isDirectory(Path.of("/sys/firmware/efi"));
        }

        @Override
        public Optional<Path> stage2Payload() {
            return Optional.of(PAYLOAD).filter(Files::isRegularFile);
        }

        @Override
        public Optional<Lease> lease() {
            return Lease.read();
        }
    };

    /** The exit status that asks for a shell. */
    public static final int SHELL = 3;

    /** Where the medium keeps stage 2's payload, made when it was built. */
    public static final Path PAYLOAD = Path.of("/opt/inetboot/stage2.cpio.zst");

    private static final int DEFAULT_TIMEOUT_SECONDS = 10;
    private static final long MAX_CATALOG_BYTES = 1 << 20;

    private final KernelCommandLine cmdline;
    private final ConsoleInput in;
    private final PrintWriter out;
    private final OpenOptions options;
    private final Machine machine;
    private boolean chooseEntry; // asked for after a failed boot: the menu even where the command line chose

    public Stage1(KernelCommandLine cmdline, InputStream in, PrintWriter out, OpenOptions options) {
        this(cmdline, in, out, options, LINUX);
    }

    Stage1(KernelCommandLine cmdline, InputStream in, PrintWriter out, OpenOptions options, Machine machine) {
        this.cmdline = cmdline;
        this.in = new ConsoleInput(in);
        this.out = out;
        this.options = MediumTrust.withCaCertificates(options);
        this.machine = machine;
    }

    /** Runs until kexec (which does not return on a machine: 0 in a test) or until the user asks for a shell. */
    public int run() throws IOException, InterruptedException {
        say("InetBoot stage 1");
        say(Timeline.line("stage 1 started"));
        var link = network();
        if (link.isEmpty()) {
            return SHELL;
        }
        say(Timeline.line("network up"));
        var url = imageUrl(cmdline).orElse("");
        var catalog = cmdline.value("inetboot.menu");
        while (true) {
            while (url.isBlank()) {
                url = catalog.isPresent() ? fromCatalog(catalog.get()) : ask("InetBoot: URL of an ISO image to boot?");
            }
            say("InetBoot: booting " + url);
            try {
                boot(url, link.get());
                return 0;
            } catch (IOException | RuntimeException e) {
                say("inetboot: " + Messages.oneLine(e));
            }
            var answer = ask("InetBoot: the boot of " + url
                    + " failed. [r]etry, choose another [e]ntry, [u]se another URL, or [s]hell?");
            chooseEntry = answer.startsWith("e");
            if (answer.startsWith("u")) {
                url = "";
            } else if (answer.startsWith("s")) {
                return SHELL;
            }
        }
    }

    /** The image's URL: {@code inetboot.url=}, else the original InetBoot's {@code netdir=}. */
    static Optional<String> imageUrl(KernelCommandLine cmdline) {
        return cmdline.value("inetboot.url").or(() -> cmdline.value("netdir")).filter(url -> !url.isBlank());
    }

    /** An image of the catalog, by number, or a URL typed instead; the catalog is read again each time. */
    private String fromCatalog(String catalogUrl) throws IOException, InterruptedException {
        Catalog catalog;
        try (var image = Image.open(catalogUrl, options, new Stats())) {
            if (image.source().size() > MAX_CATALOG_BYTES) {
                throw new IOException(catalogUrl + ": " + image.source().size() + " bytes is too large for a catalog");
            }
            var json = image.source().readBytes(0, (int) image.source().size());
            catalog = Catalog.parse(new String(json, StandardCharsets.UTF_8), catalogUrl);
            if (catalog.images().isEmpty()) {
                throw new IOException(catalogUrl + ": the catalog lists no image");
            }
        } catch (IOException e) {
            say("inetboot: " + Messages.oneLine(e));
            return ask("InetBoot: URL of an ISO image to boot?");
        }
        var images = catalog.images();
        for (int i = 0; i < images.size(); i++) {
            say(String.format("  %2d) %s", i + 1, images.get(i).name()));
        }
        var answer = ask(String.format("InetBoot: which image? [1-%d, or a URL]", images.size()));
        if (answer.matches("\\d{1,4}") && Integer.parseInt(answer) >= 1 && Integer.parseInt(answer) <= images.size()) {
            return images.get(Integer.parseInt(answer) - 1).url();
        }
        return answer.contains("://") || answer.startsWith("/") ? answer : "";
    }

    private Optional<Network.Link> network() throws IOException, InterruptedException {
        var config = ipConfig();
        while (true) {
            try {
                return Optional.of(machine.networkUp(config, out));
            } catch (IOException e) {
                say("inetboot: " + Messages.oneLine(e));
            }
            if (ask("InetBoot: [r]etry, or [s]hell?").startsWith("s")) {
                return Optional.empty();
            }
        }
    }

    private IpConfig ipConfig() {
        try {
            return IpConfig.parse(cmdline.value("ip").orElse(null));
        } catch (IllegalArgumentException e) {
            say("inetboot: " + e.getMessage() + "; trying DHCP");
            return IpConfig.DHCP;
        }
    }

    private void boot(String url, Network.Link link) throws IOException {
        var initrd = Files.createTempFile("inetboot-", ".initrd");
        try {
            BootFiles files;
            try (var image = Image.open(url, MediumTrust.manifests(cmdline, options), new Stats())) {
                var iso = IsoImage.open(image.source());
                say(Timeline.line("image opened"));
                files = TargetBoot.prepare(
                        iso, url, this::choose, cmdline.value("inetboot.append").orElse(""), stage2(link), initrd, out);
                say(Timeline.line("kernel and initrd fetched"));
            }
            say(Timeline.line("kexec"));
            say("kexec: starting the target kernel");
            machine.kexec(files);
        } finally {
            Files.deleteIfExists(initrd);
        }
    }

    /** Stage 2 goes along when the medium carries it; it loads nbd and the NIC in use from the target's modules. */
    private Optional<Stage2> stage2(Network.Link link) throws IOException {
        var payload = machine.stage2Payload();
        if (payload.isEmpty()) {
            return Optional.empty();
        }
        var modules = new ArrayList<>(List.of("nbd"));
        modules.addAll(link.modaliases());
        var parameters = new ArrayList<String>();
        var ip = cmdline.value("ip");
        if (ip.isPresent()) {
            parameters.add("inetboot.ip=" + ip.get());
        } else { // stage 2 takes over the lease rather than asking DHCP again
            machine.lease().filter(lease -> lease.device().equals(link.name())).ifPresent(lease -> {
                parameters.add("inetboot.ip=" + lease.ipArgument());
                parameters.add("inetboot.lease=" + lease.expires());
            });
        }
        for (var passed : List.of("inetboot.profile", "inetboot.report", "inetboot.outage")) {
            cmdline.value(passed).ifPresent(value -> parameters.add(passed + "=" + value));
        }
        parameters.addAll(MediumTrust.arguments(cmdline));
        return Optional.of(new Stage2(
                payload.get(), modules, parameters, MediumTrust.caCertificates().orElse(null)));
    }

    private MenuEntry choose(BootMenus.Menus menus) throws IOException {
        var entries = menus.entries();
        boolean uefi = machine.uefi();
        var selector = cmdline.value("inetboot.entry");
        boolean xen = cmdline.flag("inetboot.xen") || cmdline.flag("bootxen"); // the seed's spelling too
        if (chooseEntry) { // the command line's choice failed: the menu's own default is offered
            selector = Optional.empty();
            xen = false;
        }
        var fallback = EntryChoice.choose(entries, selector.orElse(null), uefi, xen);
        if (selector.isPresent() || xen || entries.size() == 1 && !chooseEntry) {
            return fallback;
        }
        for (int i = 0; i < entries.size(); i++) {
            say(String.format(
                    "  %2d) %s%s", i + 1, entries.get(i).label(), entries.get(i) == fallback ? "  (default)" : ""));
        }
        var timeout = Duration.ofSeconds(cmdline.value("inetboot.timeout")
                .filter(t -> t.matches("\\d{1,4}"))
                .map(Integer::parseInt)
                .orElse(DEFAULT_TIMEOUT_SECONDS));
        say(String.format(
                "InetBoot: boot which entry? [1-%d or a label; %d in %d s]",
                entries.size(), entries.indexOf(fallback) + 1, timeout.toSeconds()));
        try {
            var answer = in.line(timeout);
            while (answer.isPresent() && !answer.get().isEmpty()) {
                try {
                    return EntryChoice.choose(entries, answer.get(), uefi);
                } catch (IOException e) {
                    say("inetboot: " + e.getMessage() + "; which entry?");
                    answer = Optional.of(in.line());
                }
            }
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private String ask(String question) throws IOException, InterruptedException {
        say(question);
        return in.line();
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}
