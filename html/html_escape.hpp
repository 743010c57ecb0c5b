#pragma once
// Text from outside (ids, display names, department names) placed into HTML. Every
// string the report shows goes through one of these: nothing from a bundle is ever
// markup.
#include <string>
#include <string_view>

namespace accessgraph::html {

// Text for an element's content or a quoted attribute value: & < > " ' as entities.
std::string escape(std::string_view text);
void append_escaped(std::string& out, std::string_view text);

// JSON text made safe inside <script type="application/json">: < > & and the line
// separators U+2028/U+2029 as \u escapes, so "</script>" or "<!--" in a value cannot end
// or change the script element. The result parses to the same JSON value.
std::string escape_script_json(std::string_view json);

// An id as a file name (reviewers/NAME.html): letters, digits, '-' and '_' kept, every
// other byte as ~XX (hex), so "../x" or "a/b" stay one file inside the folder and the
// name needs no further escaping in a URL.
std::string file_name_for(std::string_view id);

}  // namespace accessgraph::html
