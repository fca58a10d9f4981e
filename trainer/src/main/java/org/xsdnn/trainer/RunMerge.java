package org.xsdnn.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles one run directory from shards trained separately (e.g. a Slurm array task per member
 * range). Refuses shards whose manifests differ (other data, cut, split or settings) and members
 * that appear in two shards with different weights. Files are copied, then verified, so a crash
 * mid-merge leaves nothing that looks finished without being complete (the record goes last).
 */
public final class RunMerge {
    private RunMerge() {}

    /** @return the members now finished in {@code target}, in order */
    public static List<Integer> merge(Path target, List<Path> shards) throws IOException {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("no shard directories given");
        }
        RunManifest manifest = RunManifest.read(shards.get(0));
        Map<Integer, Path> owner = new TreeMap<>();
        for (Path shard : shards) {
            RunManifest other = RunManifest.read(shard);
            if (!other.identity().equals(manifest.identity())) {
                throw new IOException(
                        shard + " was trained with other data, cut, split or settings than " + shards.get(0)
                                + " (their run.json differ); shards of one ensemble must come from the same xsdnn train options.");
            }
            for (MemberRecord record : finished(shard)) {
                Path previous = owner.putIfAbsent(record.member(), shard);
                if (previous != null
                        && !record.weightsSha256()
                                .equals(MemberRecord.read(previous.resolve(MemberRecord.fileName(record.member())))
                                        .weightsSha256())) {
                    throw new IOException("member " + record.member() + " is in " + previous + " and in " + shard
                            + " with different weights; keep one of them.");
                }
            }
        }
        Files.createDirectories(target);
        if (Files.exists(target.resolve(RunManifest.FILE_NAME))) {
            if (!RunManifest.read(target).identity().equals(manifest.identity())) {
                throw new IOException(target + " already holds a run with other settings (run.json differs)");
            }
        } else {
            manifest.write(target);
        }
        List<Integer> merged = new ArrayList<>();
        for (Map.Entry<Integer, Path> e : owner.entrySet()) {
            int m = e.getKey();
            Path shard = e.getValue();
            if (!shard.toAbsolutePath()
                    .normalize()
                    .equals(target.toAbsolutePath().normalize())) {
                for (String name : List.of(
                        MemberRecord.weightsName(m),
                        String.format("member-%02d-curve.csv", m),
                        MemberRecord.fileName(m))) {
                    Path source = shard.resolve(name);
                    if (Files.exists(source)) {
                        Path temp = target.resolve("." + name + ".merging");
                        Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(
                                temp,
                                target.resolve(name),
                                StandardCopyOption.ATOMIC_MOVE,
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            merged.add(m);
        }
        return merged;
    }

    private static List<MemberRecord> finished(Path shard) throws IOException {
        List<MemberRecord> records = MemberRecord.listFinished(shard);
        for (MemberRecord record : records) {
            if (!org.xsdnn.core.Sha256Sums.hexOf(shard.resolve(record.weightsFile()))
                    .equals(record.weightsSha256())) {
                throw new IOException(shard.resolve(record.weightsFile())
                        + ": SHA-256 differs from its record; the shard is damaged.");
            }
        }
        return records;
    }
}
