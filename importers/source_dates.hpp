#pragma once
// Timestamps as sources write them, turned into SPEC dates (only the calendar date
// matters). Zero, negative and "never" markers are absent dates, as are dates outside
// the years 1900-9999 (AD writes 0x7FFFFFFFFFFFFFFF for "never expires").
#include <cstdint>
#include <string_view>

#include "core/common/date.hpp"

namespace accessgraph::importers {

// Windows FILETIME: 100-nanosecond intervals since 1601-01-01 UTC (AD lastLogonTimestamp,
// accountExpires, pwdLastSet).
Date date_from_filetime(std::int64_t filetime);
// Unix epoch seconds (BloodHound's lastlogontimestamp, whencreated); 0 and -1 mean never.
Date date_from_unix_seconds(std::int64_t seconds);
// LDAP GeneralizedTime: YYYYMMDDHH[MM[SS]][.fraction](Z|+hhmm) (whenCreated, createTimestamp).
Date date_from_generalized_time(std::string_view text);
// ISO 8601 as JSON exports write it: "2026-03-01", "2026-03-01T09:30:00.1234567Z",
// "2019-12-18 19:10:08+00:00" (AWS CLI). Only the date part is read.
Date date_from_iso_text(std::string_view text);
// A date written in `pattern` (YYYY: four digits; MM or M, DD or D: one or two digits;
// anything else literal), e.g. "MM/DD/YYYY" reads 03/01/2020 and 3/1/2020. A time of day
// may follow. An empty pattern means ISO 8601.
Date date_from_pattern(std::string_view text, std::string_view pattern);

// Whether the date lies in the years SPEC dates can spell (1900-9999).
bool writable_date(Date date);

}  // namespace accessgraph::importers
