package io.jray.processor;

import io.jray.annotations.Remote;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.util.Elements;

/**
 * Checks the resource elements of {@code @Remote} ({@code numCpus}, {@code numGpus}, {@code
 * memoryBytes}, {@code resources}) and writes them as the runtime reads them ({@code
 * "CPU=2,special=1"}): only what the user set, so that the runtime's defaults (1 CPU per task,
 * none per actor) hold for the rest.
 */
final class ResourceAnnotation {
  private static final Pattern NAME = Pattern.compile(Remote.RESOURCE_NAME);
  private static final Set<String> OWN_ELEMENTS = Set.of("CPU", "GPU", "memory");

  private ResourceAnnotation() {}

  /** Reports every malformed amount or entry, each on its own value. */
  static void check(Elements elements, Element element, AnnotationMirror remote,
      ValidationReport report) {
    AnnotationValue cpus = RemoteAnnotation.value(elements, remote, "numCpus");
    double cpuAmount = (Double) cpus.getValue();
    if (cpuAmount < 0 && cpuAmount != Remote.DEFAULT_CPUS || Double.isNaN(cpuAmount)) {
      report.error(Messages.NEGATIVE_RESOURCE, element, remote, cpus);
    }
    AnnotationValue gpus = RemoteAnnotation.value(elements, remote, "numGpus");
    double gpuAmount = (Double) gpus.getValue();
    if (!(gpuAmount >= 0)) {
      report.error(Messages.NEGATIVE_RESOURCE, element, remote, gpus);
    } else if (gpuAmount > 1 && gpuAmount != Math.rint(gpuAmount)) {
      report.error(Messages.FRACTIONAL_GPUS, element, remote, gpus);
    }
    AnnotationValue memory = RemoteAnnotation.value(elements, remote, "memoryBytes");
    if ((Long) memory.getValue() < 0) {
      report.error(Messages.NEGATIVE_RESOURCE, element, remote, memory);
    }
    for (AnnotationValue entry : entries(elements, remote)) {
      String text = (String) entry.getValue();
      String name = nameOf(text);
      if (name == null || amountOf(text) == null) {
        report.error(Messages.malformedResource(text), element, remote, entry);
      } else if (OWN_ELEMENTS.contains(name)) {
        report.error(Messages.RESERVED_RESOURCE, element, remote, entry);
      }
    }
  }

  /** What a checked annotation asks for, as {@code "CPU=2,GPU=1,special=1"}; "" for nothing. */
  static String spec(Elements elements, AnnotationMirror remote) {
    List<String> parts = new ArrayList<>();
    double cpus = (Double) RemoteAnnotation.value(elements, remote, "numCpus").getValue();
    if (cpus != Remote.DEFAULT_CPUS) {
      parts.add("CPU=" + format(cpus));
    }
    double gpus = (Double) RemoteAnnotation.value(elements, remote, "numGpus").getValue();
    if (gpus != 0) {
      parts.add("GPU=" + format(gpus));
    }
    long memory = (Long) RemoteAnnotation.value(elements, remote, "memoryBytes").getValue();
    if (memory != 0) {
      parts.add("memory=" + memory);
    }
    for (AnnotationValue entry : entries(elements, remote)) {
      String text = (String) entry.getValue();
      parts.add(nameOf(text) + "=" + format(amountOf(text)));
    }
    return String.join(",", parts);
  }

  @SuppressWarnings("unchecked")
  private static List<? extends AnnotationValue> entries(Elements elements,
      AnnotationMirror remote) {
    return (List<? extends AnnotationValue>)
        RemoteAnnotation.value(elements, remote, "resources").getValue();
  }

  /** The name of {@code name=amount}, or null if it is not one. */
  private static String nameOf(String entry) {
    int equals = entry.indexOf('=');
    String name = equals < 0 ? "" : entry.substring(0, equals).trim();
    return NAME.matcher(name).matches() ? name : null;
  }

  /** The amount of {@code name=amount}, or null if it is not a number of 0 or more. */
  private static Double amountOf(String entry) {
    try {
      double amount = Double.parseDouble(entry.substring(entry.indexOf('=') + 1).trim());
      return amount >= 0 && !Double.isInfinite(amount) ? amount : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String format(double amount) {
    return BigDecimal.valueOf(amount).stripTrailingZeros().toPlainString();
  }
}
