package cn.openlicense.gateway.outcome;

import cn.openlicense.gateway.normalise.ChineseDate;
import cn.openlicense.schema.EventType;
import cn.openlicense.schema.ListingEvent;
import cn.openlicense.schema.ListingStatus;
import cn.openlicense.schema.OpenLicenseListing;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every change-feed event of one listing, oldest first: what the listing was on any day.
 *
 * <p>Days are China's calendar days. The listing is published from the earlier of its first
 * event's day and its source's {@code publishedAt} day (a province publishes before the gateway
 * harvests). On a day, its state is that of its last event on or before that day (a change
 * recorded on the day counts for the whole day), or its first event's state for days between the
 * province's publication and the gateway's first event.
 */
public record ListingHistory(String listingId, List<ListingEvent> events) {

  public ListingHistory {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("listing " + listingId + " has no events");
    }
    events = events.stream().sorted(Comparator.comparingLong(ListingEvent::getSeq)).toList();
  }

  /** The province the listing belongs to (its latest state's source). */
  public String provinceCode() {
    for (int i = events.size() - 1; i >= 0; i--) {
      var listing = events.get(i).getListing();
      if (listing != null) {
        return listing.getSource().getProvinceCode();
      }
    }
    // a listing id starts with its province code
    return listingId.substring(0, Math.min(6, listingId.length()));
  }

  /** The first day the listing was published: the earlier of its first event and publishedAt. */
  public LocalDate publishedOn() {
    var first = events.get(0);
    var day = day(first.getAt());
    var listing = first.getListing();
    if (listing != null && listing.getSource().getPublishedAt() != null) {
      var published = day(listing.getSource().getPublishedAt());
      if (published.isBefore(day)) {
        day = published;
      }
    }
    return day;
  }

  /** The listing as it stood on {@code day}; empty before it was published. */
  public Optional<State> on(LocalDate day) {
    if (day.isBefore(publishedOn())) {
      return Optional.empty();
    }
    ListingEvent last = events.get(0);
    for (var event : events) {
      if (day(event.getAt()).isAfter(day)) {
        break;
      }
      last = event;
    }
    return Optional.of(new State(last));
  }

  /** The listing's state as one event left it. */
  public record State(ListingEvent event) {

    /** ACTIVE unless the event withdrew it or the listing says WITHDRAWN or EXPIRED. */
    public ListingStatus status() {
      if (event.getType() == EventType.WITHDRAW) {
        return ListingStatus.WITHDRAWN;
      }
      var listing = event.getListing();
      return listing == null ? ListingStatus.WITHDRAWN : listing.getStatus();
    }

    /** The listing as published then; null for a withdrawal that carried none. */
    public OpenLicenseListing listing() {
      return event.getListing();
    }

    /** The day the state began. */
    public LocalDate since() {
      return day(event.getAt());
    }
  }

  static LocalDate day(Instant instant) {
    return instant.atZone(ChineseDate.CHINA).toLocalDate();
  }
}
