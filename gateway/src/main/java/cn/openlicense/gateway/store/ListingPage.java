package cn.openlicense.gateway.store;

import java.util.List;

/** One page of listings and the cursor for the next ({@code null} at the end). */
public record ListingPage(List<StoredListing> items, String nextCursor) {

  public ListingPage {
    items = List.copyOf(items);
  }
}
