package org.inetboot.media;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.inetboot.agent.TargetKexec;
import org.inetboot.host.DebianPackages;

/**
 * kexec-tools from Debian for stage 1, which loads a hypervisor (Xen) with it ({@link
 * TargetKexec}): the program and the libraries it links beyond glibc. Debian builds it with Xen
 * support, so it links libxenctrl, and that the small Xen libraries below (about 500 KiB in all).
 */
final class KexecTools {

    /** Each library by the package that has it; their NEEDED entries, read with readelf, close over this list and glibc. */
    private static final Map<String, String> LIBRARIES = Map.of(
            "libxenctrl.so.4.17", "libxenmisc4.17",
            "libxentoollog.so.1", "libxentoollog1",
            "libxentoolcore.so.1", "libxentoolcore1",
            "libxencall.so.1", "libxencall1",
            "libxenevtchn.so.1", "libxenevtchn1",
            "libxengnttab.so.1", "libxengnttab1",
            "libxenforeignmemory.so.1", "libxenforeignmemory1",
            "libxendevicemodel.so.1", "libxendevicemodel1");

    /** Where the libraries go: on the dynamic loader's default path, apart from glibc's. */
    static final String LIBRARIES_DIR = "usr/lib/x86_64-linux-gnu";

    private KexecTools() {}

    /** The files, by their path in the medium's root. */
    static Map<String, Path> files(DebianPackages packages) throws IOException {
        var files = new LinkedHashMap<String, Path>();
        files.put(
                TargetKexec.TOOL.toString().substring(1),
                packages.unpack("kexec-tools").resolve("sbin/kexec"));
        for (var library : LIBRARIES.entrySet()) {
            files.put(
                    LIBRARIES_DIR + "/" + library.getKey(),
                    packages.unpack(library.getValue()).resolve("usr/lib/x86_64-linux-gnu/" + library.getKey()));
        }
        return files;
    }
}
