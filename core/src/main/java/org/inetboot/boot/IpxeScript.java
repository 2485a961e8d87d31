package org.inetboot.boot;

/**
 * An iPXE script that boots one kernel with one initrd. iPXE expands {@code ${...}} in a line and
 * reads {@code ||}, {@code &&}, {@code #} and quotes as its own syntax, so a command line holding
 * any of those (from an image's menu, or a URL) is refused rather than written where iPXE would
 * run something else.
 */
public final class IpxeScript {

    private static final String SPECIAL = "$|&#\\\"'";

    private IpxeScript() {}

    /**
     * {@code kernel} and {@code initrd} are URLs, relative to the script's; {@code initrd=} goes on the
     * command line too, as a UEFI kernel's stub finds its initrd by that name.
     */
    public static String boot(String kernel, String initrd, String cmdline) throws BootException {
        for (int i = 0; i < cmdline.length(); i++) {
            char c = cmdline.charAt(i);
            if (c < 0x20 || c > 0x7e || SPECIAL.indexOf(c) >= 0) {
                throw new BootException(String.format(
                        "kernel command line: character U+%04X at offset %d is iPXE syntax or not"
                                + " printable ASCII; an iPXE script cannot pass it on",
                        (int) c, i));
            }
        }
        return "#!ipxe\nkernel " + kernel + " initrd=" + initrd + " " + cmdline + "\ninitrd " + initrd + "\nboot\n";
    }
}
