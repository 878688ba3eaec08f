package cn.openlicense.simulator;

/**
 * The deliberate defect a generated listing carries, if any: ground truth for tests and the demo's
 * quarantine. It is never served; a harvester must discover it from the data.
 */
public enum Flaw {
  /** A good listing. */
  NONE,
  /** The application number's check digit is wrong. */
  BAD_CHECK_DIGIT,
  /** The title (发明名称) is missing: null in JSON, empty in CSV and XML. */
  MISSING_TITLE,
  /** The licence term is under one year ({@code 6个月}). */
  SHORT_TERM,
  /** The patentee refuses the no-exclusive-licence commitment ({@code 否}). */
  COMMITMENT_REFUSED
}
