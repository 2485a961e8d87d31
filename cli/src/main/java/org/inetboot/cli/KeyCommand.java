package org.inetboot.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import org.inetboot.trust.Minisign;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "key",
        description = "Make the Ed25519 keys that sign manifests (minisign's formats).",
        subcommands = KeyCommand.Generate.class)
final class KeyCommand {

    @Command(
            name = "generate",
            description = "Write NAME.key (secret, unencrypted, mode 0600) and NAME.pub; minisign -V takes the"
                    + " public key too.")
    static final class Generate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "NAME",
                defaultValue = "inetboot",
                description = "The key files' name, without .key or .pub (default: ${DEFAULT-VALUE}).")
        Path name;

        @Override
        public Integer call() throws Exception {
            var key = Minisign.SecretKey.generate();
            var secret = name.resolveSibling(name.getFileName() + ".key");
            var pub = name.resolveSibling(name.getFileName() + ".pub");
            for (var file : new Path[] {secret, pub}) {
                if (Files.exists(file)) {
                    throw new FileAlreadyExistsException(file + ": already exists; a key is never overwritten");
                }
            }
            Files.writeString(
                    Files.createFile(
                            secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                    key.toFile(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.WRITE);
            Files.writeString(pub, key.toPublic().toFile());
            var out = spec.commandLine().getOut();
            out.println("wrote " + secret + " (keep it secret) and " + pub + ", key id "
                    + key.toPublic().idHex());
            return 0;
        }
    }
}
