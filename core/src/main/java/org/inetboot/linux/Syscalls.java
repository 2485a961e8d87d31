package org.inetboot.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The libc calls InetBoot needs, through the FFM API (no JNI of our own): each returns its
 * result or throws an IOException naming the call, its object and errno's meaning.
 */
public final class Syscalls {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayoutPath.ERRNO);
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

    private static final MethodHandle OPEN = function(
            "open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), CAPTURE);
    private static final MethodHandle CLOSE =
            function("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), CAPTURE);
    private static final MethodHandle SOCKET = function(
            "socket",
            FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            CAPTURE);
    private static final MethodHandle CONNECT = function(
            "connect",
            FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            CAPTURE);
    /** send(2) and recv(2): fd, buffer, length, flags; the bytes moved. */
    private static final FunctionDescriptor SOCKET_IO = FunctionDescriptor.of(
            ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS,
            ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT);

    private static final MethodHandle SEND = function("send", SOCKET_IO, CAPTURE);
    private static final MethodHandle RECV = function("recv", SOCKET_IO, CAPTURE);
    private static final MethodHandle MEMFD_CREATE = function(
            "memfd_create",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            CAPTURE);
    private static final MethodHandle WRITE = function(
            "write",
            FunctionDescriptor.of(
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
            CAPTURE);
    private static final MethodHandle SYSCALL5 = function(
            "syscall",
            FunctionDescriptor.of(
                    ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG,
                    ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG),
            CAPTURE,
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle MLOCKALL =
            function("mlockall", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), CAPTURE);
    private static final MethodHandle SYNC = function("sync", FunctionDescriptor.ofVoid());
    private static final MethodHandle REBOOT =
            function("reboot", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), CAPTURE);
    private static final MethodHandle STRERROR =
            function("strerror", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_TRUNC = 0x20;

    private Syscalls() {}

    /** errno's name in the call-state layout. */
    private static final class MemoryLayoutPath {
        static final java.lang.foreign.MemoryLayout.PathElement ERRNO =
                java.lang.foreign.MemoryLayout.PathElement.groupElement("errno");
    }

    private static MethodHandle function(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        var symbol =
                LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    public static int open(Path path, int flags) throws IOException {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CALL_STATE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path.toString()), flags);
            return check(fd, state, "open " + path);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static void close(int fd) throws IOException {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CALL_STATE);
            check((int) CLOSE.invokeExact(state, fd), state, "close");
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** socket(2), close-on-exec: {@code what} names it in errors. */
    static int socket(int domain, int type, int protocol, String what) throws IOException {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CALL_STATE);
            return check((int) SOCKET.invokeExact(state, domain, type | SOCK_CLOEXEC, protocol), state, what);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** A connected AF_UNIX stream socket to {@code path}, as a file descriptor. */
    public static int connectUnix(Path path) throws IOException {
        var bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= 108) {
            throw new IOException(path + ": too long for a Unix socket address");
        }
        int fd = socket(AF_UNIX, SOCK_STREAM, 0, "socket");
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CALL_STATE);
            var address = arena.allocate(110); // struct sockaddr_un: sa_family_t, then sun_path[108]
            address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(bytes, 0, address, ValueLayout.JAVA_BYTE, 2, bytes.length);
            check((int) CONNECT.invokeExact(state, fd, address, 110), state, "connect to " + path);
            return fd;
        } catch (IOException e) {
            close(fd);
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** send(2) of {@code bytes} whole, as one message on a datagram socket. */
    static void send(int fd, byte[] bytes, String what) throws IOException {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CALL_STATE);
            long sent = (long) SEND.invokeExact(
                    state, fd, arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes), (long) bytes.length, 0);
            check((int) Math.min(sent, 0), state, what);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * recv(2) of the next message of a datagram socket, without waiting: EAGAIN when none is
     * queued, and a message longer than {@code capacity} is an error rather than cut short.
     */
    static byte[] receiveNow(int fd, int capacity, String what) throws IOException {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CALL_STATE);
            var buffer = arena.allocate(capacity);
            long length = (long) RECV.invokeExact(state, fd, buffer, (long) capacity, MSG_DONTWAIT | MSG_TRUNC);
            check((int) Math.min(length, 0), state, what);
            if (length > capacity) {
                throw new IOException(what + ": a message of " + length + " bytes, over " + capacity);
            }
            return buffer.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** An anonymous file in memory holding {@code bytes}, e.g. a kernel for kexec_file_load. */
    public static int memfd(String name, byte[] bytes) throws IOException {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CALL_STATE);
            int fd = check(
                    (int) MEMFD_CREATE.invokeExact(state, arena.allocateFrom(name), 1 /* MFD_CLOEXEC */),
                    state,
                    "memfd_create " + name);
            var data = arena.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, data, ValueLayout.JAVA_BYTE, 0, bytes.length);
            for (long written = 0; written < bytes.length; ) {
                long n = (long) WRITE.invokeExact(state, fd, data.asSlice(written), bytes.length - written);
                if (n < 0) {
                    var failure = error(state, "write " + name);
                    close(fd);
                    throw failure;
                }
                written += n;
            }
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** kexec_file_load(2), x86_64 syscall 320: the next kernel, its initrd and command line. */
    public static void kexecFileLoad(int kernelFd, int initrdFd, String cmdline) throws IOException {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CALL_STATE);
            var text = arena.allocateFrom(cmdline);
            long result = (long)
                    SYSCALL5.invokeExact(state, 320L, (long) kernelFd, (long) initrdFd, text.byteSize(), text, 0L);
            check((int) result, state, "kexec_file_load");
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** finit_module(2), x86_64 syscall 313: loads the kernel module in the file {@code fd} refers to. */
    public static void finitModule(int fd, String parameters, String what) throws IOException {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CALL_STATE);
            long result = (long) SYSCALL5.invokeExact(
                    state, 313L, (long) fd, arena.allocateFrom(parameters).address(), 0L, MemorySegment.NULL, 0L);
            check((int) result, state, "load module " + what);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * mlockall(2) with MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT: what is mapped now and later stays
     * in memory once touched, without populating a JVM's large reservations up front.
     */
    public static void lockMemory() throws IOException {
        try (var arena = Arena.ofConfined()) {
            var state = arena.allocate(CALL_STATE);
            check((int) MLOCKALL.invokeExact(state, 1 | 2 | 4), state, "mlockall");
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** sync(2), then reboot(2) into the kernel kexec loaded. Returns only if the kernel refuses. */
    public static void rebootIntoKexec() throws IOException {
        try (var arena = Arena.ofConfined()) {
            SYNC.invokeExact();
            var state = arena.allocate(CALL_STATE);
            check(
                    (int) REBOOT.invokeExact(state, 0x45584543 /* LINUX_REBOOT_CMD_KEXEC */),
                    state,
                    "reboot into the loaded kernel");
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static int check(int result, MemorySegment state, String what) throws IOException {
        if (result < 0) {
            throw error(state, what);
        }
        return result;
    }

    private static ErrnoException error(MemorySegment state, String what) {
        return error((int) ERRNO.get(state, 0L), what);
    }

    /** The failure {@code errno} means, for {@code what}. */
    static ErrnoException error(int errno, String what) {
        return new ErrnoException(what + ": " + strerror(errno) + " (errno " + errno + ")", errno);
    }

    private static String strerror(int errno) {
        try {
            var message = (MemorySegment) STRERROR.invokeExact(errno);
            return message.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "error " + errno;
        }
    }
}
