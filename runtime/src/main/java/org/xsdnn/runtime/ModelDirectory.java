package org.xsdnn.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.OnnxContract;
import org.xsdnn.core.Sha256Sums;

/**
 * Which member files a directory holds, what they output and for which nucleus. Two layouts:
 * xsdnn ({@value ModelCard#FILE_NAME}, member files, {@value Sha256Sums#FILE_NAME}, checksums verified here) and
 * NuWro ({@code model_electron_<tag>_<A>_<i>.onnx}, no card).
 *
 * @param memberFiles in ensemble order
 * @param outputName the members' output tensor
 * @param massNumber A of the target nucleus
 * @param mcDropoutFile a model-B directory's one model file ({@value Ensemble#MC_DROPOUT_FILE}, the fused contract);
 *     its card lists no members. Empty for member ensembles.
 */
record ModelDirectory(
        Optional<ModelCard> card,
        List<Path> memberFiles,
        String outputName,
        int massNumber,
        boolean checksumsVerified,
        Optional<Path> mcDropoutFile) {
    private static final Pattern NUWRO_FILE = Pattern.compile("model_electron_(.+)_(\\d+)_(\\d+)\\.onnx");

    static ModelDirectory resolve(Path dir) throws IOException, ContractException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "expected a model directory");
        }
        Path cardFile = dir.resolve(ModelCard.FILE_NAME);
        return Files.exists(cardFile) ? xsdnn(dir, cardFile) : nuwro(dir);
    }

    private static ModelDirectory xsdnn(Path dir, Path cardFile) throws IOException, ContractException {
        Map<String, String> sums = verifiedChecksums(dir);
        if (!sums.containsKey(ModelCard.FILE_NAME)) {
            throw new ContractException(ModelCard.FILE_NAME + ": not listed in " + Sha256Sums.FILE_NAME
                    + ", so it cannot be trusted. Re-export with xsdnn export.");
        }
        ModelCard card;
        try {
            CardSchema.check(cardFile);
            card = ModelCard.read(cardFile);
        } catch (IOException e) {
            throw new ContractException(e.getMessage(), e);
        }
        checkContract(card.contract());
        if (card.target() == null || card.target().massNumber() < 1) {
            throw new ContractException(ModelCard.FILE_NAME + ": target mass number A is missing or below 1; "
                    + "expected the nucleus, e.g. A = 12 for carbon.");
        }
        if (card.members().isEmpty()) {
            if (!sums.containsKey(Ensemble.MC_DROPOUT_FILE)) {
                throw new ContractException(ModelCard.FILE_NAME + ": lists no members, and there is no "
                        + Ensemble.MC_DROPOUT_FILE + " listed in " + Sha256Sums.FILE_NAME
                        + "; expected member files (model A)"
                        + " or one MC-dropout file (model B). Re-export with xsdnn export.");
            }
            return new ModelDirectory(
                    Optional.of(card),
                    List.of(),
                    null,
                    card.target().massNumber(),
                    true,
                    Optional.of(dir.resolve(Ensemble.MC_DROPOUT_FILE)));
        }
        List<Path> files = new ArrayList<>();
        for (ModelCard.Member member : card.members()) {
            String listed = sums.get(member.file());
            if (listed == null) {
                throw new ContractException(member.file() + ": named in " + ModelCard.FILE_NAME + " but not listed in "
                        + Sha256Sums.FILE_NAME + ". Re-export with xsdnn export.");
            }
            if (member.sha256() != null && !member.sha256().equalsIgnoreCase(listed)) {
                throw new ContractException(member.file() + ": " + ModelCard.FILE_NAME + " gives SHA-256 "
                        + member.sha256() + ", " + Sha256Sums.FILE_NAME + " gives " + listed
                        + "; the directory mixes two exports. Re-export with xsdnn export.");
            }
            files.add(dir.resolve(member.file()));
        }
        return new ModelDirectory(
                Optional.of(card),
                List.copyOf(files),
                card.contract().outputName(),
                card.target().massNumber(),
                true,
                Optional.empty());
    }

    /** Hashes every file {@value Sha256Sums#FILE_NAME} lists; any mismatch refuses the directory. */
    private static Map<String, String> verifiedChecksums(Path dir) throws IOException, ContractException {
        Path sumsFile = dir.resolve(Sha256Sums.FILE_NAME);
        if (!Files.exists(sumsFile)) {
            throw new ContractException(dir + ": has " + ModelCard.FILE_NAME + " but no " + Sha256Sums.FILE_NAME
                    + "; the export is incomplete. Re-export with xsdnn export.");
        }
        Map<String, String> sums;
        try {
            sums = Sha256Sums.parse(Files.readString(sumsFile, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ContractException(e.getMessage(), e);
        }
        for (Map.Entry<String, String> entry : sums.entrySet()) {
            String name = entry.getKey();
            Path file = dir.resolve(name).normalize();
            if (!dir.normalize().equals(file.getParent())) {
                throw new ContractException(Sha256Sums.FILE_NAME + ": lists \"" + name
                        + "\"; expected plain file names inside the model directory.");
            }
            if (!Files.isRegularFile(file)) {
                throw new ContractException(name + ": listed in " + Sha256Sums.FILE_NAME + " but missing from " + dir
                        + ". Restore it or re-export with xsdnn export.");
            }
            String actual = Sha256Sums.hexOf(file);
            if (!actual.equals(entry.getValue())) {
                throw new ContractException(name + ": SHA-256 is " + actual + " but " + Sha256Sums.FILE_NAME
                        + " says " + entry.getValue() + "; the file was corrupted or changed after export. "
                        + "Restore it or re-export with xsdnn export.");
            }
        }
        return sums;
    }

    private static void checkContract(ModelCard.Contract contract) throws ContractException {
        ModelCard.Contract expected = ModelCard.Contract.xsdnn1();
        if (contract == null
                || !expected.id().equals(contract.id())
                || !expected.inputName().equals(contract.inputName())
                || !Kinematics.FEATURE_ORDER.equals(contract.featureOrder())
                || !expected.outputName().equals(contract.outputName())) {
            throw new ContractException(ModelCard.FILE_NAME + ": contract is " + contract + "; this runtime reads "
                    + expected.id() + " (input \"" + expected.inputName() + "\" " + Kinematics.FEATURE_ORDER
                    + ", output \"" + expected.outputName() + "\"). Use the xsdnn version that exported it.");
        }
    }

    private static ModelDirectory nuwro(Path dir) throws IOException, ContractException {
        List<String> names;
        try (Stream<Path> listing = Files.list(dir)) {
            names = listing.map(p -> p.getFileName().toString()).sorted().toList();
        }
        TreeMap<Integer, Path> byIndex = new TreeMap<>();
        String tag = null;
        Integer massNumber = null;
        for (String name : names) {
            Matcher m = NUWRO_FILE.matcher(name);
            if (!m.matches()) {
                continue;
            }
            if (tag != null && (!tag.equals(m.group(1)) || massNumber != Integer.parseInt(m.group(2)))) {
                throw new ContractException(dir + ": NuWro files of two models ("
                        + byIndex.firstEntry().getValue().getFileName() + ", " + name
                        + "); expected one tag and one A per directory.");
            }
            tag = m.group(1);
            massNumber = Integer.parseInt(m.group(2));
            byIndex.put(Integer.parseInt(m.group(3)), dir.resolve(name));
        }
        if (byIndex.isEmpty()) {
            throw new ContractException(dir + ": neither " + ModelCard.FILE_NAME + " (xsdnn layout) nor "
                    + "model_electron_<tag>_<A>_<i>.onnx files (NuWro layout); found " + names + ".");
        }
        if (massNumber < 1) {
            throw new ContractException(byIndex.firstEntry().getValue().getFileName()
                    + ": mass number A = 0 in the file name; expected A >= 1.");
        }
        // NuWro ignores extra files; xsdnn writes SHA256SUMS beside its NuWro sets, and then every member must match.
        boolean verified = Files.exists(dir.resolve(Sha256Sums.FILE_NAME));
        if (verified) {
            Map<String, String> sums = verifiedChecksums(dir);
            for (Path member : byIndex.values()) {
                if (!sums.containsKey(member.getFileName().toString())) {
                    throw new ContractException(member.getFileName() + ": not listed in " + Sha256Sums.FILE_NAME
                            + ". Restore the file set or write it again with xsdnn.");
                }
            }
        }
        // TreeMap: members in index order, as NuWro numbers them.
        return new ModelDirectory(
                Optional.empty(),
                List.copyOf(byIndex.values()),
                OnnxContract.NUWRO_OUTPUT_NAME,
                massNumber,
                verified,
                Optional.empty());
    }
}
