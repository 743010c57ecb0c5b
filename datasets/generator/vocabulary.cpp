#include "datasets/generator/vocabulary.hpp"

#include <array>

namespace accessgraph::datasets {
namespace {

using std::string_view_literals::operator""sv;

constexpr std::array kExecutiveTitles{"Executive Assistant"sv, "Chief of Staff"sv,
                                      "Strategy Analyst"sv};
constexpr std::array kEngineeringTitles{
    "Software Engineer"sv,        "Senior Software Engineer"sv, "Staff Software Engineer"sv,
    "QA Engineer"sv,              "Site Reliability Engineer"sv, "Principal Engineer"sv,
    "Engineering Intern"sv,       "Build and Release Engineer"sv};
constexpr std::array kProductTitles{"Product Manager"sv, "Senior Product Manager"sv,
                                    "UX Designer"sv, "Product Analyst"sv, "Technical Writer"sv};
constexpr std::array kSalesTitles{"Account Executive"sv, "Sales Development Representative"sv,
                                  "Sales Engineer"sv, "Senior Account Executive"sv,
                                  "Sales Operations Analyst"sv, "Channel Partner Manager"sv};
constexpr std::array kMarketingTitles{"Marketing Specialist"sv, "Content Writer"sv,
                                      "Marketing Analyst"sv, "Brand Manager"sv,
                                      "Events Coordinator"sv};
constexpr std::array kSupportTitles{"Support Agent"sv, "Senior Support Agent"sv,
                                    "Support Engineer"sv, "Customer Success Manager"sv,
                                    "Escalation Specialist"sv};
constexpr std::array kFinanceTitles{"Accountant"sv, "Financial Analyst"sv,
                                    "Accounts Payable Clerk"sv, "Treasury Analyst"sv,
                                    "Payroll Accountant"sv, "Controller"sv, "Internal Auditor"sv};
constexpr std::array kHrTitles{"HR Generalist"sv, "Recruiter"sv, "HR Business Partner"sv,
                               "Payroll Specialist"sv, "Compensation Analyst"sv};
constexpr std::array kItTitles{"IT Support Technician"sv, "Systems Administrator"sv,
                               "Network Engineer"sv, "IT Analyst"sv, "Database Administrator"sv,
                               "Cloud Engineer"sv};
constexpr std::array kSecurityTitles{"Security Analyst"sv, "Security Engineer"sv,
                                     "IAM Engineer"sv, "Incident Responder"sv};
constexpr std::array kLegalTitles{"Paralegal"sv, "Corporate Counsel"sv, "Compliance Analyst"sv,
                                  "Contracts Manager"sv};
constexpr std::array kOperationsTitles{"Operations Analyst"sv, "Warehouse Associate"sv,
                                       "Logistics Coordinator"sv, "Shift Supervisor"sv,
                                       "Inventory Planner"sv, "Forklift Operator"sv};
constexpr std::array kProcurementTitles{"Buyer"sv, "Procurement Specialist"sv,
                                        "Vendor Manager"sv, "Category Manager"sv};
constexpr std::array kDataTitles{"Data Analyst"sv, "Data Engineer"sv, "Data Scientist"sv,
                                 "BI Developer"sv};
constexpr std::array kFacilitiesTitles{"Facilities Coordinator"sv, "Maintenance Technician"sv,
                                       "Receptionist"sv};

constexpr std::array kExecutiveSystems{"wday"sv};
constexpr std::array kEngineeringSystems{"gh"sv, "jira"sv, "aws"sv, "pg"sv};
constexpr std::array kProductSystems{"jira"sv, "gh"sv};
constexpr std::array kSalesSystems{"sfdc"sv, "snow"sv};
constexpr std::array kMarketingSystems{"sfdc"sv, "gcp"sv};
constexpr std::array kSupportSystems{"snow"sv, "sfdc"sv, "jira"sv};
constexpr std::array kFinanceSystems{"sap"sv, "ora"sv};
constexpr std::array kHrSystems{"wday"sv, "snow"sv};
constexpr std::array kItSystems{"snow"sv, "azure"sv, "vpn"sv};
constexpr std::array kSecuritySystems{"aws"sv, "azure"sv, "snow"sv};
constexpr std::array kLegalSystems{"snow"sv};
constexpr std::array kOperationsSystems{"sap"sv, "mf"sv};
constexpr std::array kProcurementSystems{"sap"sv, "ora"sv};
constexpr std::array kDataSystems{"snowf"sv, "gcp"sv, "pg"sv};
constexpr std::array kFacilitiesSystems{"snow"sv};

constexpr std::array kFamilies{
    FamilySpec{"Executive Office", "exec", 0, kExecutiveTitles, kExecutiveSystems},
    FamilySpec{"Engineering", "eng", 20, kEngineeringTitles, kEngineeringSystems},
    FamilySpec{"Product", "product", 6, kProductTitles, kProductSystems},
    FamilySpec{"Sales", "sales", 16, kSalesTitles, kSalesSystems},
    FamilySpec{"Marketing", "mkt", 6, kMarketingTitles, kMarketingSystems},
    FamilySpec{"Customer Support", "support", 10, kSupportTitles, kSupportSystems},
    FamilySpec{"Finance", "fin", 8, kFinanceTitles, kFinanceSystems},
    FamilySpec{"Human Resources", "hr", 4, kHrTitles, kHrSystems},
    FamilySpec{"IT", "it", 6, kItTitles, kItSystems},
    FamilySpec{"Security", "sec", 3, kSecurityTitles, kSecuritySystems},
    FamilySpec{"Legal", "legal", 2, kLegalTitles, kLegalSystems},
    FamilySpec{"Operations", "ops", 14, kOperationsTitles, kOperationsSystems},
    FamilySpec{"Procurement", "proc", 3, kProcurementTitles, kProcurementSystems},
    FamilySpec{"Data", "data", 4, kDataTitles, kDataSystems},
    FamilySpec{"Facilities", "fac", 3, kFacilitiesTitles, kFacilitiesSystems},
};

constexpr std::array kBaseSystems{
    SystemSpec{"dir", "Active Directory (corp.example.com)", SystemKind::kDirectory, true},
    SystemSpec{"fs", "Corporate File Shares", SystemKind::kOnprem, false},
    SystemSpec{"badge", "Physical Access Control", SystemKind::kOther, false},
    SystemSpec{"wday", "Workday", SystemKind::kSaas, true},
    SystemSpec{"sfdc", "Salesforce", SystemKind::kSaas, true},
    SystemSpec{"snow", "ServiceNow", SystemKind::kSaas, true},
    SystemSpec{"gh", "GitHub Enterprise", SystemKind::kSaas, true},
    SystemSpec{"jira", "Jira Cloud", SystemKind::kSaas, true},
    SystemSpec{"aws", "AWS Organization", SystemKind::kCloud, true},
    SystemSpec{"azure", "Azure Subscriptions", SystemKind::kCloud, true},
    SystemSpec{"gcp", "Google Cloud Platform", SystemKind::kCloud, true},
    SystemSpec{"ora", "Oracle E-Business Suite", SystemKind::kDatabase, true},
    SystemSpec{"pg", "PostgreSQL Production", SystemKind::kDatabase, true},
    SystemSpec{"snowf", "Snowflake Data Cloud", SystemKind::kDatabase, true},
    SystemSpec{"sap", "SAP ERP", SystemKind::kOnprem, true},
    SystemSpec{"mf", "Mainframe (RACF)", SystemKind::kOnprem, true},
    SystemSpec{"vpn", "Remote Access VPN", SystemKind::kOther, true},
};

constexpr std::array kFirstNames{
    NamePart{"James", "james"},     NamePart{"Mary", "mary"},         NamePart{"Robert", "robert"},
    NamePart{"Patricia", "patricia"}, NamePart{"John", "john"},       NamePart{"Jennifer", "jennifer"},
    NamePart{"Michael", "michael"}, NamePart{"Linda", "linda"},       NamePart{"David", "david"},
    NamePart{"Elizabeth", "elizabeth"}, NamePart{"William", "william"}, NamePart{"Barbara", "barbara"},
    NamePart{"Richard", "richard"}, NamePart{"Susan", "susan"},       NamePart{"Joseph", "joseph"},
    NamePart{"Jessica", "jessica"}, NamePart{"Thomas", "thomas"},     NamePart{"Sarah", "sarah"},
    NamePart{"Charles", "charles"}, NamePart{"Karen", "karen"},       NamePart{"Daniel", "daniel"},
    NamePart{"Nancy", "nancy"},     NamePart{"Matthew", "matthew"},   NamePart{"Lisa", "lisa"},
    NamePart{"Anthony", "anthony"}, NamePart{"Betty", "betty"},       NamePart{"Mark", "mark"},
    NamePart{"Sandra", "sandra"},   NamePart{"Steven", "steven"},     NamePart{"Ashley", "ashley"},
    NamePart{"Paul", "paul"},       NamePart{"Emily", "emily"},       NamePart{"Andrew", "andrew"},
    NamePart{"Donna", "donna"},     NamePart{"Joshua", "joshua"},     NamePart{"Michelle", "michelle"},
    NamePart{"Kenneth", "kenneth"}, NamePart{"Carol", "carol"},       NamePart{"Kevin", "kevin"},
    NamePart{"Amanda", "amanda"},   NamePart{"Brian", "brian"},       NamePart{"Melissa", "melissa"},
    NamePart{"Timothy", "timothy"}, NamePart{"Deborah", "deborah"},   NamePart{"Ronald", "ronald"},
    NamePart{"Laura", "laura"},     NamePart{"Jason", "jason"},       NamePart{"Rebecca", "rebecca"},
    NamePart{"Priya", "priya"},     NamePart{"Arjun", "arjun"},       NamePart{"Ananya", "ananya"},
    NamePart{"Rahul", "rahul"},     NamePart{"Wei", "wei"},           NamePart{"Mei", "mei"},
    NamePart{"Hiroshi", "hiroshi"}, NamePart{"Yuki", "yuki"},         NamePart{"Min-jun", "minjun"},
    NamePart{"Seo-yeon", "seoyeon"}, NamePart{"Olumide", "olumide"},  NamePart{"Amara", "amara"},
    NamePart{"Kwame", "kwame"},     NamePart{"Fatima", "fatima"},     NamePart{"Omar", "omar"},
    NamePart{"Leila", "leila"},     NamePart{"Mateo", "mateo"},       NamePart{"Sofía", "sofia"},
    NamePart{"José", "jose"},       NamePart{"Lucía", "lucia"},       NamePart{"João", "joao"},
    NamePart{"Beatriz", "beatriz"}, NamePart{"Zoë", "zoe"},           NamePart{"Chloé", "chloe"},
    NamePart{"Søren", "soren"},     NamePart{"Ingrid", "ingrid"},     NamePart{"Björn", "bjorn"},
    NamePart{"Agnieszka", "agnieszka"}, NamePart{"Łukasz", "lukasz"}, NamePart{"Dmitri", "dmitri"},
    NamePart{"Olga", "olga"},       NamePart{"Noah", "noah"},         NamePart{"Emma", "emma"},
    NamePart{"Liam", "liam"},       NamePart{"Olivia", "olivia"},     NamePart{"Ethan", "ethan"},
    NamePart{"Ava", "ava"},         NamePart{"Lucas", "lucas"},       NamePart{"Mia", "mia"},
    NamePart{"Aoife", "aoife"},     NamePart{"Siobhán", "siobhan"},   NamePart{"Tariq", "tariq"},
    NamePart{"Nadia", "nadia"},     NamePart{"Chen", "chen"},         NamePart{"Thanh", "thanh"},
};

constexpr std::array kLastNames{
    NamePart{"Smith", "smith"},       NamePart{"Johnson", "johnson"},   NamePart{"Williams", "williams"},
    NamePart{"Brown", "brown"},       NamePart{"Jones", "jones"},       NamePart{"Garcia", "garcia"},
    NamePart{"Miller", "miller"},     NamePart{"Davis", "davis"},       NamePart{"Rodriguez", "rodriguez"},
    NamePart{"Martinez", "martinez"}, NamePart{"Hernandez", "hernandez"}, NamePart{"Lopez", "lopez"},
    NamePart{"Gonzalez", "gonzalez"}, NamePart{"Wilson", "wilson"},     NamePart{"Anderson", "anderson"},
    NamePart{"Thomas", "thomas"},     NamePart{"Taylor", "taylor"},     NamePart{"Moore", "moore"},
    NamePart{"Jackson", "jackson"},   NamePart{"Martin", "martin"},     NamePart{"Lee", "lee"},
    NamePart{"Perez", "perez"},       NamePart{"Thompson", "thompson"}, NamePart{"White", "white"},
    NamePart{"Harris", "harris"},     NamePart{"Sanchez", "sanchez"},   NamePart{"Clark", "clark"},
    NamePart{"Ramirez", "ramirez"},   NamePart{"Lewis", "lewis"},       NamePart{"Robinson", "robinson"},
    NamePart{"Walker", "walker"},     NamePart{"Young", "young"},       NamePart{"Allen", "allen"},
    NamePart{"King", "king"},         NamePart{"Wright", "wright"},     NamePart{"Scott", "scott"},
    NamePart{"Torres", "torres"},     NamePart{"Nguyen", "nguyen"},     NamePart{"Hill", "hill"},
    NamePart{"Flores", "flores"},     NamePart{"Green", "green"},       NamePart{"Adams", "adams"},
    NamePart{"Nelson", "nelson"},     NamePart{"Baker", "baker"},       NamePart{"Hall", "hall"},
    NamePart{"Rivera", "rivera"},     NamePart{"Campbell", "campbell"}, NamePart{"Mitchell", "mitchell"},
    NamePart{"Carter", "carter"},     NamePart{"Roberts", "roberts"},   NamePart{"Patel", "patel"},
    NamePart{"Sharma", "sharma"},     NamePart{"Iyer", "iyer"},         NamePart{"Reddy", "reddy"},
    NamePart{"Wang", "wang"},         NamePart{"Li", "li"},             NamePart{"Zhang", "zhang"},
    NamePart{"Liu", "liu"},           NamePart{"Tanaka", "tanaka"},     NamePart{"Sato", "sato"},
    NamePart{"Kim", "kim"},           NamePart{"Park", "park"},         NamePart{"Okafor", "okafor"},
    NamePart{"Adeyemi", "adeyemi"},   NamePart{"Mensah", "mensah"},     NamePart{"Haddad", "haddad"},
    NamePart{"Khan", "khan"},         NamePart{"Müller", "muller"},     NamePart{"Schmidt", "schmidt"},
    NamePart{"Fischer", "fischer"},   NamePart{"Weiß", "weiss"},        NamePart{"Dubois", "dubois"},
    NamePart{"Lefèvre", "lefevre"},   NamePart{"Rossi", "rossi"},       NamePart{"Bianchi", "bianchi"},
    NamePart{"García Márquez", "garciamarquez"}, NamePart{"Núñez", "nunez"}, NamePart{"Silva", "silva"},
    NamePart{"Gonçalves", "goncalves"}, NamePart{"Nowak", "nowak"},     NamePart{"Kowalski", "kowalski"},
    NamePart{"Wójcik", "wojcik"},     NamePart{"Ivanov", "ivanov"},     NamePart{"Petrova", "petrova"},
    NamePart{"Johansson", "johansson"}, NamePart{"Nielsen", "nielsen"}, NamePart{"Öberg", "oberg"},
    NamePart{"O'Brien", "obrien"},    NamePart{"O'Connor", "oconnor"},  NamePart{"McCarthy", "mccarthy"},
    NamePart{"van der Berg", "vanderberg"}, NamePart{"de Jong", "dejong"}, NamePart{"Tran", "tran"},
    NamePart{"Pham", "pham"},         NamePart{"Cohen", "cohen"},       NamePart{"Levi", "levi"},
};

constexpr std::array kLocations{
    LocationSpec{"New York, NY", "nyc"},      LocationSpec{"London", "lon"},
    LocationSpec{"Bengaluru", "blr"},         LocationSpec{"San Francisco, CA", "sfo"},
    LocationSpec{"Austin, TX", "aus"},        LocationSpec{"Remote", "remote"},
    LocationSpec{"Toronto", "yyz"},           LocationSpec{"Berlin", "ber"},
    LocationSpec{"Singapore", "sin"},         LocationSpec{"Dublin", "dub"},
    LocationSpec{"Chicago, IL", "chi"},       LocationSpec{"Paris", "par"},
    LocationSpec{"Sydney", "syd"},            LocationSpec{"São Paulo", "sao"},
    LocationSpec{"Tokyo", "tyo"},             LocationSpec{"Kraków", "krk"},
    LocationSpec{"Mexico City", "mex"},       LocationSpec{"Seattle, WA", "sea"},
    LocationSpec{"Manila", "mnl"},            LocationSpec{"Cape Town", "cpt"},
    LocationSpec{"Atlanta, GA", "atl"},       LocationSpec{"Amsterdam", "ams"},
    LocationSpec{"Madrid", "mad"},            LocationSpec{"Warsaw", "waw"},
    LocationSpec{"Hyderabad", "hyd"},         LocationSpec{"Shanghai", "sha"},
    LocationSpec{"Seoul", "sel"},             LocationSpec{"Dallas, TX", "dfw"},
    LocationSpec{"Boston, MA", "bos"},        LocationSpec{"Denver, CO", "den"},
    LocationSpec{"Munich", "muc"},            LocationSpec{"Stockholm", "sto"},
    LocationSpec{"Zürich", "zrh"},            LocationSpec{"Dubai", "dxb"},
    LocationSpec{"Lagos", "los"},             LocationSpec{"Nairobi", "nbo"},
    LocationSpec{"Buenos Aires", "bue"},      LocationSpec{"Vancouver, BC", "yvr"},
    LocationSpec{"Phoenix, AZ", "phx"},       LocationSpec{"Raleigh, NC", "rdu"},
    LocationSpec{"Columbus, OH", "cmh"},      LocationSpec{"Milan", "mil"},
    LocationSpec{"Prague", "prg"},            LocationSpec{"Lisbon", "lis"},
    LocationSpec{"Tel Aviv", "tlv"},          LocationSpec{"Pune", "pnq"},
    LocationSpec{"Kuala Lumpur", "kul"},      LocationSpec{"Auckland", "akl"},
    LocationSpec{"Montréal, QC", "yul"},      LocationSpec{"Washington, DC", "was"},
};

constexpr std::array kDepartmentQualifiers{
    "Platform"sv, "EMEA"sv,     "APAC"sv,     "Americas"sv,  "Core"sv,      "Growth"sv,
    "Enterprise"sv, "Mobile"sv, "Payments"sv, "Infrastructure"sv, "North"sv, "South"sv,
    "East"sv,     "West"sv,     "Central"sv,  "Retail"sv,    "Services"sv,  "Analytics"sv,
    "Partnerships"sv, "Strategy"sv, "Field"sv, "Shared Services"sv, "Public Sector"sv, "SMB"sv,
    "Logistics"sv, "Quality"sv, "Research"sv, "Labs"sv,      "Operations"sv, "Programs"sv,
};

constexpr std::array kResourceWords{
    "reports"sv,  "invoices"sv,  "payroll"sv,   "contracts"sv, "customers"sv, "orders"sv,
    "ledger"sv,   "budgets"sv,   "forecasts"sv, "pipeline"sv,  "tickets"sv,   "releases"sv,
    "builds"sv,   "artifacts"sv, "backups"sv,   "logs"sv,      "metrics"sv,   "secrets"sv,
    "keys"sv,     "vendors"sv,   "payments"sv,  "shipments"sv, "inventory"sv, "assets"sv,
    "policies"sv, "audits"sv,    "templates"sv, "designs"sv,   "campaigns"sv, "leads"sv,
    "quotes"sv,   "cases"sv,     "knowledge"sv, "schedules"sv, "timesheets"sv, "benefits"sv,
    "candidates"sv, "reviews"sv, "claims"sv,    "pricing"sv,   "catalog"sv,   "archive"sv,
    "staging"sv,  "analytics"sv, "exports"sv,   "imports"sv,   "models"sv,    "datasets"sv,
};

constexpr std::array kProjectCodenames{
    "Falcon"sv, "Orion"sv,  "Atlas"sv,  "Phoenix"sv, "Nimbus"sv, "Aurora"sv, "Zephyr"sv,
    "Titan"sv,  "Helix"sv,  "Vega"sv,   "Cobalt"sv,  "Quartz"sv, "Juniper"sv, "Sequoia"sv,
    "Lynx"sv,   "Mercury"sv, "Neptune"sv, "Polaris"sv, "Sierra"sv, "Tundra"sv, "Comet"sv,
    "Ember"sv,  "Granite"sv, "Harbor"sv, "Indigo"sv, "Kestrel"sv, "Lotus"sv, "Meridian"sv,
};

constexpr std::array kApplicationNouns{
    "Claims Portal"sv,   "Pricing Engine"sv,  "Partner Hub"sv,    "Expense Tracker"sv,
    "Order Manager"sv,   "Contract Vault"sv,  "Fleet Tracker"sv,  "Learning Center"sv,
    "Quality Console"sv, "Field Service"sv,   "Billing Gateway"sv, "Risk Dashboard"sv,
    "Travel Desk"sv,     "Supplier Portal"sv, "Asset Register"sv,  "Lab Notebook"sv,
};

}  // namespace

std::span<const FamilySpec> job_families() { return kFamilies; }
std::span<const SystemSpec> base_systems() { return kBaseSystems; }
std::span<const NamePart> first_names() { return kFirstNames; }
std::span<const NamePart> last_names() { return kLastNames; }
std::span<const LocationSpec> locations() { return kLocations; }
std::span<const std::string_view> department_qualifiers() { return kDepartmentQualifiers; }
std::span<const std::string_view> resource_words() { return kResourceWords; }
std::span<const std::string_view> project_codenames() { return kProjectCodenames; }
std::span<const std::string_view> application_nouns() { return kApplicationNouns; }

}  // namespace accessgraph::datasets
