package io.jray.it;

import io.jray.Ray;
import java.net.ConnectException;

/** A driver that starts jray with its defaults, reads its own dashboard, and shuts down. */
public final class DashboardDriver {
  private DashboardDriver() {}

  public static void main(String[] args) throws Exception {
    Ray.init();
    String url = Ray.state().dashboardUrl().orElseThrow();
    System.out.println("url " + url);
    System.out.println("summary " + Http.json(url + "/api/summary"));
    Ray.shutdown();
    try {
      Http.get(url + "/api/summary");
      System.out.println("still serving after shutdown");
    } catch (ConnectException expected) {
      System.out.println("closed after shutdown");
    }
  }
}
