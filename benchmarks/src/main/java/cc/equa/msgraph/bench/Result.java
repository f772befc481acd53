package cc.equa.msgraph.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One scenario's figures. {@code -1} where a figure does not apply. {@code notes} are printed under the table.
 *
 * @param id the scenario id (S1..S5)
 * @param title what it does
 * @param requests HTTP round trips of the library (token + top-level Graph requests)
 * @param minimum the minimum derived from Graph's limits
 * @param wallMs the library's wall time
 * @param baselineRequests the naive baseline's round trips
 * @param baselineWallMs the naive baseline's wall time
 * @param heapMb peak heap
 * @param notes remarks (formula, extrapolation, measurement method)
 * @param workUnits the library's items of server work ({@code $batch} items + other Graph requests), or -1
 * @param baselineWorkUnits the baseline's items of server work, or -1
 */
record Result(String id, String title, long requests, long minimum, long wallMs, long baselineRequests,
        long baselineWallMs, long heapMb, List<String> notes, long workUnits, long baselineWorkUnits) {

    Result(String id, String title, long requests, long minimum, long wallMs, long baselineRequests,
            long baselineWallMs, long heapMb, List<String> notes) {
        this(id, title, requests, minimum, wallMs, baselineRequests, baselineWallMs, heapMb, notes, -1, -1);
    }

    Result withWork(long library, long baseline) {
        return new Result(id, title, requests, minimum, wallMs, baselineRequests, baselineWallMs, heapMb, notes,
                library, baseline);
    }

    String benchLine() {
        return "BENCH scenario=" + id + " requests=" + requests + " minimum=" + minimum + " wall_ms=" + wallMs
                + " baseline_requests=" + baselineRequests + " baseline_wall_ms=" + baselineWallMs + " heap_mb="
                + heapMb + (workUnits >= 0 ? " work_items=" + workUnits + " baseline_work_items=" + baselineWorkUnits
                : "");
    }

    /**
     * The two latency models side by side, for the scenarios that have work counts: "per request" is the measured
     * wall time (the fake delays every top-level request, a {@code $batch} of 20 included, by the injected latency);
     * "per request + per item" adds {@code itemMs} for every item of server work ({@code $batch} item or plain Graph
     * request), as if Graph processed a batch's items one after another. A model, not a measurement.
     */
    static String latencyTable(List<Result> results, long itemMs) {
        StringBuilder sb = new StringBuilder();
        sb.append("| id | library ms (per request) | baseline ms (per request) | speed-up | library items | baseline "
                + "items | library ms (+").append(itemMs).append(" ms/item) | baseline ms (+").append(itemMs)
                .append(" ms/item) | speed-up |\n");
        sb.append("|----|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            if (r.workUnits < 0) {
                continue;
            }
            long lib2 = r.wallMs + itemMs * r.workUnits;
            long base2 = r.baselineWallMs < 0 ? -1 : r.baselineWallMs + itemMs * r.baselineWorkUnits;
            sb.append("| ").append(r.id).append(" | ").append(n(r.wallMs)).append(" | ").append(n(r.baselineWallMs))
                    .append(" | ").append(speedUp(r.baselineWallMs, r.wallMs)).append(" | ").append(n(r.workUnits))
                    .append(" | ").append(n(r.baselineWorkUnits)).append(" | ").append(n(lib2)).append(" | ")
                    .append(n(base2)).append(" | ").append(speedUp(base2, lib2)).append(" |\n");
        }
        return sb.toString();
    }

    private static String speedUp(long base, long lib) {
        return base > 0 && lib > 0 ? String.format("%.1fx", (double) base / lib) : "-";
    }

    static String table(List<Result> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"id", "scenario", "requests", "minimum", "req/min", "wall ms", "baseline req",
            "baseline ms", "speed-up", "heap MB"});
        for (Result r : results) {
            rows.add(new String[] {r.id, r.title, n(r.requests), n(r.minimum),
                r.requests > 0 && r.minimum > 0 ? String.format("%.2f", (double) r.requests / r.minimum) : "-",
                n(r.wallMs), n(r.baselineRequests), n(r.baselineWallMs),
                r.wallMs > 0 && r.baselineWallMs > 0 ? String.format("%.1fx", (double) r.baselineWallMs / r.wallMs)
                        : "-", n(r.heapMb)});
        }
        int[] w = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < rows.size(); k++) {
            String[] row = rows.get(k);
            sb.append('|');
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                boolean left = i < 2;
                sb.append(' ').append(left ? pad(cell, w[i]) : lpad(cell, w[i])).append(" |");
            }
            sb.append('\n');
            if (k == 0) {
                sb.append('|');
                for (int i = 0; i < row.length; i++) {
                    sb.append(i < 2 ? "-" + "-".repeat(w[i]) + "-|" : "-" + "-".repeat(w[i]) + ":|");
                }
                sb.append('\n');
            }
        }
        for (Result r : results) {
            for (String note : r.notes) {
                sb.append(r.id).append(": ").append(note).append('\n');
            }
        }
        return sb.toString();
    }

    private static String n(long v) {
        return v < 0 ? "-" : String.format("%,d", v);
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }

    private static String lpad(String s, int w) {
        return " ".repeat(w - s.length()) + s;
    }
}
