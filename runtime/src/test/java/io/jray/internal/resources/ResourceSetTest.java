package io.jray.internal.resources;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceSetTest {

  @Test
  void fractionsAddAndTakeAwayWithoutDrift() {
    ResourceSet tenth = ResourceSet.parse("CPU=0.1");
    ResourceSet sum = ResourceSet.EMPTY;
    for (int i = 0; i < 1000; i++) {
      sum = sum.add(tenth);
    }
    assertEquals(ResourceSet.parse("CPU=100"), sum);
    for (int i = 0; i < 1000; i++) {
      sum = sum.subtract(tenth);
    }
    assertSame(ResourceSet.EMPTY, sum);
  }

  @Test
  void fitsComparesEveryResourceAndAMissingOneIsZero() {
    ResourceSet node = ResourceSet.parse("CPU=2,special=1");
    assertTrue(ResourceSet.parse("CPU=2,special=1").fitsIn(node));
    assertTrue(ResourceSet.parse("CPU=0.5").fitsIn(node));
    assertFalse(ResourceSet.parse("CPU=2.0001").fitsIn(node));
    assertFalse(ResourceSet.parse("GPU=1").fitsIn(node));
    assertTrue(ResourceSet.EMPTY.fitsIn(ResourceSet.EMPTY));
  }

  @Test
  void oneCpuIsOneSharedValueAndZeroAmountsAreDropped() {
    assertSame(ResourceSet.ONE_CPU, ResourceSet.of(Map.of("CPU", 1.0, "special", 0.0)));
    assertSame(ResourceSet.ONE_CPU, ResourceSet.parse("CPU=3").subtract(ResourceSet.parse("CPU=2")));
    assertEquals(ResourceSet.parse("CPU=2,special=1"), ResourceSet.ONE_CPU.with(
        Map.of("CPU", 2.0, "special", 1.0)));
    assertEquals(ResourceSet.parse("special=1"), ResourceSet.ONE_CPU.with(
        Map.of("CPU", 0.0, "special", 1.0)));
  }

  @Test
  void printsAndParsesAsPeopleWriteIt() {
    ResourceSet set = ResourceSet.parse(" special = 0.25 , CPU=2 ");
    assertEquals("{CPU: 2, special: 0.25}", set.toString());
    assertEquals(set, ResourceSet.parse(set.toSpec()));
    assertEquals(0.25, set.amount("special"));
    assertEquals(0, set.amount("GPU"));
  }

  @Test
  void malformedNamesAndAmountsAreRefusedWithTheFix() {
    IllegalArgumentException noEquals = assertThrows(IllegalArgumentException.class,
        () -> ResourceSet.parse("special"));
    assertTrue(noEquals.getMessage().contains("name=amount"), noEquals.getMessage());
    IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
        () -> ResourceSet.parse("1st=1"));
    assertTrue(name.getMessage().contains("'1st' cannot name a resource"), name.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> ResourceSet.parse("special=-1"));
    assertTrue(negative.getMessage().contains("0 or more"), negative.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ResourceSet.parse("special=lots"));
  }

  @Test
  void roundTripsOnTheWire() throws IOException {
    for (ResourceSet set : new ResourceSet[] {ResourceSet.EMPTY, ResourceSet.ONE_CPU,
        ResourceSet.parse("CPU=0.5,GPU=1,memory=1073741824,accel:tpu=2")}) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      set.writeTo(new DataOutputStream(bytes));
      ResourceSet read = ResourceSet.readFrom(
          new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      assertEquals(set, read);
    }
  }

  @Test
  void aNodeHandsOutGpuDevicesAndTakesThemBack() {
    NodeResources node = new NodeResources(ResourceSet.parse("CPU=4,GPU=2"));
    ResourceSet oneGpu = ResourceSet.parse("CPU=1,GPU=1");
    int[] first = node.acquire(oneGpu);
    int[] second = node.acquire(oneGpu);
    assertArrayEquals(new int[] {0}, first);
    assertArrayEquals(new int[] {1}, second);
    assertFalse(node.fits(oneGpu));
    node.release(oneGpu, first);
    assertTrue(node.fits(oneGpu));
    ResourceSet half = ResourceSet.parse("GPU=0.5");
    int[] a = node.acquire(half);
    int[] b = node.acquire(half);
    assertArrayEquals(a, b, "two halves share one device");
    assertFalse(node.fits(half), "no device has half a GPU free");
    assertEquals(ResourceSet.parse("CPU=3"), node.available());
  }

  @Test
  void aWaitingHolderLendsItsCpusOnly() {
    NodeResources node = new NodeResources(ResourceSet.parse("CPU=2,special=1"));
    ResourceSet demand = ResourceSet.parse("CPU=2,special=1");
    node.acquire(demand);
    node.lendCpus(demand);
    assertEquals(ResourceSet.parse("CPU=2"), node.available());
    node.acquire(ResourceSet.parse("CPU=2"));
    node.reclaimCpus(demand);
    assertEquals(-2, node.available().amount("CPU"), "over the capacity while both run");
    assertArrayEquals(new double[] {2, 4}, node.use().get("CPU"));
  }

  @Test
  void anInfeasibleDemandNamesTheResourceTheAmountAndTheCapacity() {
    NodeResources node = new NodeResources(ResourceSet.parse("CPU=2"));
    assertNull(node.infeasible(ResourceSet.parse("CPU=2")));
    assertEquals("it asks for 3 CPU and this node has 2",
        node.infeasible(ResourceSet.parse("CPU=3")));
    assertTrue(node.infeasible(ResourceSet.parse("special=1"))
        .contains("1 special and this node has 0"));
  }
}
