package io.jray.internal.resources;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Amounts of named resources ({@code CPU}, {@code GPU}, {@code memory} in bytes, custom ones):
 * what a task or actor asks for, or what a node has. Immutable. Amounts are kept in fixed point,
 * in ten-thousandths ({@link #UNIT}), so that adding and taking away fractions such as 0.1 CPU a
 * thousand times ends exactly where it began, as Ray does; an amount finer than that is rounded.
 * Names are sorted and an amount of zero is not kept, so equal sets are equal objects.
 */
public final class ResourceSet {
  /** Fixed-point units in one of anything. */
  public static final long UNIT = 10_000;
  public static final String CPU = "CPU";
  public static final String GPU = "GPU";
  /** Bytes of memory; a node's capacity comes from the machine. */
  public static final String MEMORY = "memory";
  /**
   * What a node affinity asks of its node: the least amount of the node's own resource, which
   * every node offers once (as Ray's {@code node:<id>}), so any number of tasks may ask it.
   */
  public static final double NODE_AFFINITY = 0.0001;

  /** The resource only the node with this id offers, 1 of it. */
  public static String nodeResource(String nodeId) {
    return "node:" + nodeId;
  }

  /**
   * Whether the name is a node's own resource, which only node affinity asks for: listings of
   * what a node offers leave it out, as its id says it already.
   */
  public static boolean isNodeResource(String name) {
    return name.startsWith("node:");
  }

  /** The amounts by name, without nodes' own resources (see {@link #isNodeResource}). */
  public static Map<String, Double> withoutNodeResources(Map<String, Double> amounts) {
    Map<String, Double> shown = new LinkedHashMap<>(amounts);
    shown.keySet().removeIf(ResourceSet::isNodeResource);
    return shown;
  }
  /** What a name of a resource looks like: the same rule the annotation processor checks. */
  public static final Pattern NAME = Pattern.compile(io.jray.annotations.Remote.RESOURCE_NAME);

  public static final ResourceSet EMPTY = new ResourceSet(new String[0], new long[0]);
  /** A task's demand unless it says otherwise, as Ray's. */
  public static final ResourceSet ONE_CPU = new ResourceSet(new String[] {CPU}, new long[] {UNIT});
  /** On the wire: {@link #ONE_CPU}, the most frequent demand by far, in two bytes. */
  private static final short ONE_CPU_MARK = -1;

  private final String[] names;
  private final long[] units;

  private ResourceSet(String[] names, long[] units) {
    this.names = names;
    this.units = units;
  }

  /** The set of these amounts; names must be well formed and amounts 0 or more. */
  public static ResourceSet of(Map<String, Double> amounts) {
    TreeMap<String, Long> sorted = new TreeMap<>();
    for (Map.Entry<String, Double> entry : amounts.entrySet()) {
      sorted.put(checkName(entry.getKey()), toUnits(entry.getKey(), entry.getValue()));
    }
    return ofUnits(sorted);
  }

  /** The set of these amounts in units, any sign (a node's free amounts, say); names unchecked. */
  static ResourceSet ofUnits(TreeMap<String, Long> sorted) {
    sorted.values().removeIf(units -> units == 0);
    if (sorted.isEmpty()) {
      return EMPTY;
    }
    if (sorted.size() == 1 && sorted.containsKey(CPU) && sorted.get(CPU) == UNIT) {
      return ONE_CPU;
    }
    String[] names = sorted.keySet().toArray(new String[0]);
    long[] units = new long[names.length];
    for (int i = 0; i < names.length; i++) {
      units[i] = sorted.get(names[i]);
    }
    return new ResourceSet(names, units);
  }

  /**
   * Reads {@code "special=1,GPU=0.5"} (the form of {@code @Remote(resources = ...)} and of a
   * node's {@code --resources}); throws IllegalArgumentException naming what is malformed.
   */
  public static ResourceSet parse(String spec) {
    Map<String, Double> amounts = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int equals = part.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException("A resource is written name=amount, such as"
            + " special=1; '" + part.trim() + "' is not.");
      }
      String name = part.substring(0, equals).trim();
      try {
        amounts.merge(name, Double.parseDouble(part.substring(equals + 1).trim()), Double::sum);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("The amount of resource '" + name + "' must be a"
            + " number, such as " + name + "=1; was '" + part.substring(equals + 1).trim() + "'.");
      }
    }
    return of(amounts);
  }

  /** Checks a resource's name: letters, digits and {@code _ . : / -}, not starting with a digit. */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' cannot name a resource: use letters,"
          + " digits and _ . : / -, starting with a letter or _ (such as special or accel:tpu).");
    }
    return name;
  }

  /** An amount in units; throws if it is negative or not a number. */
  public static long toUnits(String name, double amount) {
    if (!(amount >= 0) || Double.isInfinite(amount) || amount * UNIT > Long.MAX_VALUE / 4) {
      throw new IllegalArgumentException("The amount of resource '" + name + "' must be 0 or"
          + " more (and finite), was " + amount + ".");
    }
    return Math.round(amount * UNIT);
  }

  /** This set with the amounts that {@code overrides} names replaced (options over defaults). */
  public ResourceSet with(Map<String, Double> overrides) {
    if (overrides.isEmpty()) {
      return this;
    }
    TreeMap<String, Long> merged = new TreeMap<>();
    for (int i = 0; i < names.length; i++) {
      merged.put(names[i], units[i]);
    }
    for (Map.Entry<String, Double> entry : overrides.entrySet()) {
      merged.put(checkName(entry.getKey()), toUnits(entry.getKey(), entry.getValue()));
    }
    return ofUnits(merged);
  }

  /** How many units of the resource; 0 if absent. */
  public long units(String name) {
    int i = Arrays.binarySearch(names, name);
    return i < 0 ? 0 : units[i];
  }

  /** The amount of the resource, e.g. 0.5 for half a CPU; 0 if absent. */
  public double amount(String name) {
    return units(name) / (double) UNIT;
  }

  public boolean isEmpty() {
    return names.length == 0;
  }

  /** How many resources it names. */
  public int size() {
    return names.length;
  }

  public String name(int index) {
    return names[index];
  }

  public long unitsAt(int index) {
    return units[index];
  }

  /** Whether every amount here is at most that of {@code available}. */
  public boolean fitsIn(ResourceSet available) {
    for (int i = 0; i < names.length; i++) {
      if (units[i] > available.units(names[i])) {
        return false;
      }
    }
    return true;
  }

  public ResourceSet add(ResourceSet other) {
    return combine(other, 1);
  }

  /** This minus {@code other}; an amount may go below zero (a node that lent more than it had). */
  public ResourceSet subtract(ResourceSet other) {
    return combine(other, -1);
  }

  private ResourceSet combine(ResourceSet other, int sign) {
    if (other.isEmpty()) {
      return this;
    }
    TreeMap<String, Long> sum = new TreeMap<>();
    for (int i = 0; i < names.length; i++) {
      sum.put(names[i], units[i]);
    }
    for (int i = 0; i < other.names.length; i++) {
      sum.merge(other.names[i], sign * other.units[i], Long::sum);
    }
    return ofUnits(sum);
  }

  /** The amounts by name, in name order, as doubles. */
  public Map<String, Double> toMap() {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      map.put(names[i], units[i] / (double) UNIT);
    }
    return map;
  }

  /** The form {@link #parse} reads: {@code CPU=2,special=0.5}. */
  public String toSpec() {
    StringBuilder spec = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      spec.append(i == 0 ? "" : ",").append(names[i]).append('=').append(format(units[i]));
    }
    return spec.toString();
  }

  /** An amount in units, as people write it: 2, 0.5, 0.0001. */
  public static String format(long units) {
    if (units % UNIT == 0) {
      return Long.toString(units / UNIT);
    }
    return java.math.BigDecimal.valueOf(units, 4).stripTrailingZeros().toPlainString();
  }

  public void writeTo(DataOutputStream out) throws IOException {
    if (this == ONE_CPU) {
      out.writeShort(ONE_CPU_MARK);
      return;
    }
    out.writeShort(names.length);
    for (int i = 0; i < names.length; i++) {
      out.writeUTF(names[i]);
      out.writeLong(units[i]);
    }
  }

  /** Reads what {@link #writeTo} wrote; a malformed set fails with an IOException. */
  public static ResourceSet readFrom(DataInputStream in) throws IOException {
    short count = in.readShort();
    if (count == ONE_CPU_MARK) {
      return ONE_CPU;
    }
    if (count < 0 || count * 10L > in.available()) {
      throw new IOException("a resource set cannot have " + count + " entries");
    }
    TreeMap<String, Long> sorted = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      long units = in.readLong();
      if (!NAME.matcher(name).matches() || units < 0) {
        throw new IOException("malformed resource " + name + "=" + units);
      }
      sorted.put(name, units);
    }
    return ofUnits(sorted);
  }

  @Override
  public boolean equals(Object other) {
    return other == this || other instanceof ResourceSet set
        && Arrays.equals(set.names, names) && Arrays.equals(set.units, units);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(names) + Arrays.hashCode(units);
  }

  /** {@code {CPU: 2, special: 0.5}}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      text.append(i == 0 ? "" : ", ").append(names[i]).append(": ").append(format(units[i]));
    }
    return text.append('}').toString();
  }
}
