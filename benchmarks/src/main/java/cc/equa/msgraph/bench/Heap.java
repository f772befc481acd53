package cc.equa.msgraph.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;

/** Heap and CPU probes: heap-pool peaks (reset at the start of a measurement), post-GC usage, thread CPU time. */
final class Heap {

    private Heap() {
    }

    /** Collect garbage and reset every heap pool's peak, so {@link #peakMb()} covers what follows. */
    static void resetPeak() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /**
     * Return the sum of the heap pools' peak usage since the last reset, in MiB. Pools peak at different moments, so
     * this is an upper bound of the heap in use (garbage not yet collected included).
     */
    static long peakMb() {
        long bytes = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                bytes += p.getPeakUsage().getUsed();
            }
        }
        return mb(bytes);
    }

    /** Heap in use right after a full collection, in MiB: the live set held at this point. */
    static long liveMb() {
        System.gc();
        System.gc();
        return mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    static long threadCpuNanos() {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        return t.isCurrentThreadCpuTimeSupported() ? t.getCurrentThreadCpuTime() : -1;
    }

    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
