/**
 * finding: the catalogue of findings — stable codes, severities and bilingual messages that the
 * normaliser and validator raise and that quarantine and reports are filtered by.
 */
package cn.openlicense.gateway.finding;
