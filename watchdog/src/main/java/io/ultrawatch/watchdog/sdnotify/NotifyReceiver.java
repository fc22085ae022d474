package io.ultrawatch.watchdog.sdnotify;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.ultrawatch.watchdog.files.FileModes;
import io.ultrawatch.watchdog.time.DaemonThreads;
import io.ultrawatch.watchdog.time.Scheduler;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every bot's notify socket, served by one thread: a {@code poll(2)} over all the sockets and an eventfd that wakes
 * it when one is opened or closed. No thread and no timer per bot: a bot's deadline is the supervisor's single timer,
 * and 200 bots beating every second cost 200 wake-ups of this one thread.
 *
 * <p>What the loop guarantees: file descriptors passed with a message (systemd-notify's {@code BARRIER=1} sends the
 * write end of a pipe and waits for it to close) are closed at once, so the sender never waits on us; a datagram
 * over {@link NotifyMessage#MAX_BYTES}, one that does not parse, or one from another user's process is dropped and
 * counted, and the counts are logged at most once a minute per socket: a bot spamming garbage can neither stop the
 * loop nor flood the log. Sockets are opened and their files removed on the caller's thread; descriptors are closed
 * on the loop's thread, so a number is never reused while the loop still polls it.
 */
public final class NotifyReceiver implements NotifySockets, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotifyReceiver.class);
    /** Room for the credentials and up to a thousand passed descriptors; the kernel closes any that do not fit. */
    private static final int CONTROL_BYTES = 4096;

    private static final SocketCalls C = SocketCalls.LIBC;
    /** The eventfd increment that wakes the loop, written from any thread (read-only once made). */
    private static final Memory ONE = new Memory(8);
    private static final NativeLong EIGHT = new NativeLong(8);

    static {
        ONE.setLong(0, 1);
    }

    private final Path statusDir;
    private final Scheduler time;
    private final int ownUid = C.getuid();
    private final int wakeFd;
    private final Object lock = new Object();
    /** Open sockets by descriptor, and descriptors to close; guarded by {@link #lock}. */
    private final Map<Integer, Entry> open = new LinkedHashMap<>();
    private final List<Integer> toClose = new ArrayList<>();
    private boolean changed = true;
    private volatile boolean closed;
    private final Thread thread;

    public NotifyReceiver(Path statusDir, Scheduler time) {
        this.statusDir = statusDir;
        this.time = time;
        this.wakeFd = C.eventfd(0, SocketCalls.EFD_CLOEXEC | SocketCalls.EFD_NONBLOCK);
        this.thread = DaemonThreads.factory("ultrawatch-sdnotify", 1).newThread(this::loop);
        thread.start();
    }

    @Override
    public NotifySockets.Socket open(String bot, Consumer<NotifyMessage> receiver) throws IOException {
        Objects.requireNonNull(receiver, "receiver");
        Path path = NotifySockets.path(statusDir, bot).toAbsolutePath();
        Memory address = SocketCalls.address(path.toString());
        if (address == null) {
            throw new IOException("notify socket " + path + " is " + path.toString().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8).length + " bytes long, but a Unix socket path holds at"
                    + " most " + SocketCalls.MAX_PATH_BYTES + ": install ultrawatch in a folder with a shorter path");
        }
        Path folder = path.getParent();
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FileModes.OWNER_DIR));
        Files.setPosixFilePermissions(folder, FileModes.OWNER_DIR);
        // An earlier watchdog's socket file: nobody receives on it any more (one watchdog at a time, WatchdogLock).
        Files.deleteIfExists(path);
        int fd;
        try {
            fd = C.socket(SocketCalls.AF_UNIX, SocketCalls.SOCK_DGRAM | SocketCalls.SOCK_NONBLOCK
                    | SocketCalls.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException("cannot make the notify socket " + path + ": " + e.getMessage(), e);
        }
        Object fileKey;
        try {
            C.setsockopt(fd, SocketCalls.SOL_SOCKET, SocketCalls.SO_PASSCRED, new IntByReference(1), 4);
            C.bind(fd, address, SocketCalls.SOCKADDR_UN_SIZE);
            // bind(2) made the file with the umask's mode; the folder is 0700 already, this is the second wall.
            Files.setPosixFilePermissions(path, FileModes.OWNER_FILE);
            fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (LastErrorException | IOException e) {
            C.close(fd);
            Files.deleteIfExists(path);
            throw new IOException("cannot bind the notify socket " + path + ": " + e.getMessage(), e);
        }
        Entry entry = new Entry(fd, bot, path, fileKey, receiver);
        synchronized (lock) {
            open.put(fd, entry);
            changed = true;
        }
        wake();
        return entry;
    }

    /** Closes every socket and ends the loop (the watchdog is exiting). */
    @Override
    public void close() {
        List<Entry> all;
        synchronized (lock) {
            all = new ArrayList<>(open.values());
        }
        all.forEach(Entry::close);
        closed = true;
        wake();
    }

    private void wake() {
        try {
            C.write(wakeFd, ONE, EIGHT);
        } catch (LastErrorException e) {
            // EAGAIN: the counter is already non-zero, the loop wakes anyway.
        }
    }

    /**
     * The loop. Every struct is read and written through a direct {@link ByteBuffer} view of its native memory: a
     * JNA {@code Memory.setShort} is a JNI call each, and with 200 bots beating every second the per-field calls of
     * a 201-entry poll array cost more than the datagrams themselves (measured: bench/RESULTS.md, notify against
     * HTTP). So per wake-up there are only the system calls: poll, one recvmsg per datagram and one that says
     * EAGAIN.
     */
    private void loop() {
        Memory data = new Memory(NotifyMessage.MAX_BYTES);
        Memory control = new Memory(CONTROL_BYTES);
        Memory iov = new Memory(SocketCalls.IOVEC_SIZE);
        iov.setPointer(0, data);
        iov.setLong(8, NotifyMessage.MAX_BYTES);
        Memory message = new Memory(SocketCalls.MSGHDR_SIZE);
        // The Memory objects themselves, not only their addresses: a Memory nobody refers to is freed by its
        // cleaner, while the msghdr still points at it (recvmsg then writes into freed memory).
        Buffers b = new Buffers(message, iov, control, data, view(message), view(control), view(data));
        Memory counter = new Memory(8);
        Entry[] polled = new Entry[0];
        Memory fds = null;
        ByteBuffer pollfds = null;
        NativeLong count = null;
        while (!closed) {
            synchronized (lock) {
                toClose.forEach(C::close);
                toClose.clear();
                if (changed) {
                    polled = open.values().toArray(new Entry[0]);
                    fds = new Memory((long) SocketCalls.POLLFD_SIZE * (polled.length + 1));
                    pollfds = view(fds);
                    for (int i = 0; i <= polled.length; i++) {
                        // events stay as set here; the kernel writes every revents at each poll.
                        pollfds.putInt(SocketCalls.POLLFD_SIZE * i, i == 0 ? wakeFd : polled[i - 1].fd);
                        pollfds.putShort(SocketCalls.POLLFD_SIZE * i + 4, SocketCalls.POLLIN);
                        pollfds.putShort(SocketCalls.POLLFD_SIZE * i + 6, (short) 0);
                    }
                    count = new NativeLong(polled.length + 1);
                    changed = false;
                }
            }
            try {
                C.poll(fds, count, -1);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != SocketCalls.EINTR) {
                    log.error("The notify receive loop's poll failed ({}); notify messages are not read", e.getMessage());
                    return;
                }
                continue;
            }
            if (pollfds.getShort(6) != 0) {
                try {
                    C.read(wakeFd, counter, EIGHT);
                } catch (LastErrorException e) {
                    // EAGAIN: already read.
                }
            }
            for (int i = 0; i < polled.length; i++) {
                if (pollfds.getShort(SocketCalls.POLLFD_SIZE * (i + 1) + 6) != 0 && !polled[i].closed) {
                    drain(polled[i], b);
                }
            }
        }
        synchronized (lock) {
            toClose.forEach(C::close);
            toClose.clear();
        }
        Reference.reachabilityFence(b);
    }

    private static ByteBuffer view(Memory m) {
        return m.getByteBuffer(0, m.size()).order(ByteOrder.nativeOrder());
    }

    /**
     * The receive buffers, held for the loop's life, with native-order views of those read or written field by field.
     */
    private record Buffers(Memory messageMemory, Memory iov, Memory controlMemory, Memory dataMemory,
                           ByteBuffer message, ByteBuffer control, ByteBuffer data) {
        long iovAddress() {
            return Pointer.nativeValue(iov);
        }

        long controlAddress() {
            return Pointer.nativeValue(controlMemory);
        }
    }

    /** Reads every datagram waiting on one socket. */
    private void drain(Entry entry, Buffers b) {
        ByteBuffer msg = b.message();
        while (true) {
            msg.putLong(0, 0).putLong(8, 0);   // no address wanted
            msg.putLong(SocketCalls.MSG_IOV, b.iovAddress()).putLong(SocketCalls.MSG_IOVLEN, 1);
            msg.putLong(SocketCalls.MSG_CONTROL, b.controlAddress()).putLong(SocketCalls.MSG_CONTROLLEN, CONTROL_BYTES);
            msg.putInt(SocketCalls.MSG_FLAGS, 0);
            long length;
            try {
                // MSG_TRUNC: the real length of an oversized datagram, so it is recognised, not cut and misread.
                length = C.recvmsg(entry.fd, b.messageMemory(), SocketCalls.MSG_DONTWAIT | SocketCalls.MSG_TRUNC
                        | SocketCalls.MSG_CMSG_CLOEXEC).longValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() == SocketCalls.EINTR) {
                    continue;
                }
                if (e.getErrorCode() != SocketCalls.EAGAIN) {
                    log.warn("Reading the notify socket of {} failed: {}", entry.bot, e.getMessage());
                }
                return;
            }
            long[] credentials = ancillary(b.control(), msg.getLong(SocketCalls.MSG_CONTROLLEN));
            long pid = credentials[0];
            int uid = (int) credentials[1];
            if (length > NotifyMessage.MAX_BYTES || (msg.getInt(SocketCalls.MSG_FLAGS) & SocketCalls.MSG_TRUNC) != 0) {
                entry.dropped(DropReport.Drop.OVERSIZED);
                continue;
            }
            if (uid != ownUid && uid != 0) {
                entry.dropped(DropReport.Drop.FOREIGN);
                continue;
            }
            byte[] bytes = new byte[(int) length];
            b.data().get(0, bytes);
            var parsed = NotifyMessage.parse(bytes, pid, uid);
            if (parsed.isEmpty()) {
                entry.dropped(DropReport.Drop.MALFORMED);
                continue;
            }
            try {
                entry.receiver.accept(parsed.get());
            } catch (RuntimeException e) {
                log.warn("The notify message of {} was not handled: {}", entry.bot, e.toString());
            }
        }
    }

    /**
     * Walks the ancillary data: closes every passed descriptor at once and returns the sender's pid and uid
     * ({0, -1} when the kernel attached none).
     */
    private static long[] ancillary(ByteBuffer control, long length) {
        long[] credentials = {0, -1};
        int offset = 0;
        while (offset + SocketCalls.CMSG_HEADER <= length) {
            long itemLength = control.getLong(offset);
            if (itemLength < SocketCalls.CMSG_HEADER || offset + itemLength > length) {
                break;
            }
            int level = control.getInt(offset + 8);
            int type = control.getInt(offset + 12);
            int at = offset + SocketCalls.CMSG_HEADER;
            if (level == SocketCalls.SOL_SOCKET && type == SocketCalls.SCM_RIGHTS) {
                for (int p = at; p + 4 <= offset + itemLength; p += 4) {
                    C.close(control.getInt(p));
                }
            } else if (level == SocketCalls.SOL_SOCKET && type == SocketCalls.SCM_CREDENTIALS) {
                credentials[0] = control.getInt(at);
                credentials[1] = control.getInt(at + 4);
            }
            offset += (int) SocketCalls.align(itemLength);
        }
        return credentials;
    }

    /** One open socket; its counters are the loop thread's alone. */
    private final class Entry implements NotifySockets.Socket {
        final int fd;
        final String bot;
        final Path path;
        final Object fileKey;
        final Consumer<NotifyMessage> receiver;
        volatile boolean closed;
        private final DropReport drops;
        private volatile long dropped;

        Entry(int fd, String bot, Path path, Object fileKey, Consumer<NotifyMessage> receiver) {
            this.fd = fd;
            this.bot = bot;
            this.path = path;
            this.fileKey = fileKey;
            this.receiver = receiver;
            this.drops = new DropReport(bot);
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public long dropped() {
            return dropped;
        }

        void dropped(DropReport.Drop why) {
            drops.dropped(why, time.nanoTime()).ifPresent(log::warn);
            dropped = drops.total();
        }

        @Override
        public void close() {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
                open.remove(fd);
                toClose.add(fd);
                changed = true;
            }
            try {
                // Only our own file: a newer socket bound at the same path since must stay.
                if (Files.exists(path) && Objects.equals(fileKey,
                        Files.readAttributes(path, BasicFileAttributes.class).fileKey())) {
                    Files.delete(path);
                }
            } catch (IOException e) {
                log.debug("Notify socket {} not removed: {}", path, e.toString());
            }
            wake();
        }
    }
}
