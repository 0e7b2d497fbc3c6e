/**
 * US places for synthetic addresses and phone numbers: cities with their state, a ZIP prefix and
 * their real area codes (so libphonenumber accepts the numbers), street names, and street types
 * with the USPS Publication 28 abbreviations that sources use interchangeably.
 */

export interface City {
  readonly name: string;
  readonly state: string;
  /** First three digits of the city's ZIP codes. */
  readonly zip3: string;
  readonly areaCodes: readonly string[];
}

export const CITIES: readonly City[] = [
  { name: 'New York', state: 'NY', zip3: '100', areaCodes: ['212', '646', '917'] },
  { name: 'Los Angeles', state: 'CA', zip3: '900', areaCodes: ['213', '310', '323'] },
  { name: 'Chicago', state: 'IL', zip3: '606', areaCodes: ['312', '773'] },
  { name: 'Houston', state: 'TX', zip3: '770', areaCodes: ['713', '281', '832'] },
  { name: 'Phoenix', state: 'AZ', zip3: '850', areaCodes: ['602', '480'] },
  { name: 'Philadelphia', state: 'PA', zip3: '191', areaCodes: ['215', '267'] },
  { name: 'San Antonio', state: 'TX', zip3: '782', areaCodes: ['210'] },
  { name: 'San Diego', state: 'CA', zip3: '921', areaCodes: ['619', '858'] },
  { name: 'Dallas', state: 'TX', zip3: '752', areaCodes: ['214', '469', '972'] },
  { name: 'San Jose', state: 'CA', zip3: '951', areaCodes: ['408'] },
  { name: 'Austin', state: 'TX', zip3: '787', areaCodes: ['512', '737'] },
  { name: 'Jacksonville', state: 'FL', zip3: '322', areaCodes: ['904'] },
  { name: 'Columbus', state: 'OH', zip3: '432', areaCodes: ['614'] },
  { name: 'Charlotte', state: 'NC', zip3: '282', areaCodes: ['704', '980'] },
  { name: 'San Francisco', state: 'CA', zip3: '941', areaCodes: ['415', '628'] },
  { name: 'Indianapolis', state: 'IN', zip3: '462', areaCodes: ['317'] },
  { name: 'Seattle', state: 'WA', zip3: '981', areaCodes: ['206'] },
  { name: 'Denver', state: 'CO', zip3: '802', areaCodes: ['303', '720'] },
  { name: 'Washington', state: 'DC', zip3: '200', areaCodes: ['202'] },
  { name: 'Boston', state: 'MA', zip3: '021', areaCodes: ['617', '857'] },
  { name: 'Nashville', state: 'TN', zip3: '372', areaCodes: ['615'] },
  { name: 'Detroit', state: 'MI', zip3: '482', areaCodes: ['313'] },
  { name: 'Portland', state: 'OR', zip3: '972', areaCodes: ['503', '971'] },
  { name: 'Las Vegas', state: 'NV', zip3: '891', areaCodes: ['702'] },
  { name: 'Memphis', state: 'TN', zip3: '381', areaCodes: ['901'] },
  { name: 'Louisville', state: 'KY', zip3: '402', areaCodes: ['502'] },
  { name: 'Baltimore', state: 'MD', zip3: '212', areaCodes: ['410', '443'] },
  { name: 'Milwaukee', state: 'WI', zip3: '532', areaCodes: ['414'] },
  { name: 'Albuquerque', state: 'NM', zip3: '871', areaCodes: ['505'] },
  { name: 'Tucson', state: 'AZ', zip3: '857', areaCodes: ['520'] },
  { name: 'Sacramento', state: 'CA', zip3: '958', areaCodes: ['916'] },
  { name: 'Atlanta', state: 'GA', zip3: '303', areaCodes: ['404', '470', '678'] },
  { name: 'Miami', state: 'FL', zip3: '331', areaCodes: ['305', '786'] },
  { name: 'Minneapolis', state: 'MN', zip3: '554', areaCodes: ['612'] },
  { name: 'Cleveland', state: 'OH', zip3: '441', areaCodes: ['216'] },
  { name: 'Tampa', state: 'FL', zip3: '336', areaCodes: ['813'] },
  { name: 'Pittsburgh', state: 'PA', zip3: '152', areaCodes: ['412'] },
  { name: 'Cincinnati', state: 'OH', zip3: '452', areaCodes: ['513'] },
  { name: 'Kansas City', state: 'MO', zip3: '641', areaCodes: ['816'] },
  { name: 'Salt Lake City', state: 'UT', zip3: '841', areaCodes: ['801', '385'] },
  { name: 'Raleigh', state: 'NC', zip3: '276', areaCodes: ['919', '984'] },
  { name: 'Omaha', state: 'NE', zip3: '681', areaCodes: ['402'] },
  { name: 'St. Louis', state: 'MO', zip3: '631', areaCodes: ['314'] },
  { name: 'Orlando', state: 'FL', zip3: '328', areaCodes: ['407'] },
  { name: 'Buffalo', state: 'NY', zip3: '142', areaCodes: ['716'] },
  { name: 'Richmond', state: 'VA', zip3: '232', areaCodes: ['804'] },
  { name: 'Madison', state: 'WI', zip3: '537', areaCodes: ['608'] },
  { name: 'Boise', state: 'ID', zip3: '837', areaCodes: ['208'] },
  { name: 'Spokane', state: 'WA', zip3: '992', areaCodes: ['509'] },
  { name: 'Hartford', state: 'CT', zip3: '061', areaCodes: ['860'] },
];

export const STREET_NAMES: readonly string[] = [
  ...['Main', 'Oak', 'Pine', 'Maple', 'Cedar', 'Elm', 'Washington', 'Lake', 'Hill', 'Walnut', 'Park'],
  ...['Sunset', 'Lincoln', 'Jackson', 'Church', 'Willow', 'Highland', 'Madison', 'Chestnut', 'River'],
  ...['Spring', 'Franklin', 'Jefferson', 'Ridge', 'Meadow', 'Forest', 'Center', 'Mill', 'Union'],
  ...['Market', 'Broad', 'Water', 'Prospect', 'Grant', 'Adams', 'Hickory', 'Spruce', 'Birch', 'Vine'],
  ...['Harbor', 'Valley', 'Summit', 'Orchard', 'Garden', 'Magnolia', 'Dogwood', 'Laurel', 'Aspen'],
  ...['Bay', 'Beacon', 'Fairview', 'Greenwood', 'Lakeview', 'Riverside', 'Woodland', 'Cherry', 'Poplar'],
  ...['Holly', 'Juniper', 'Sycamore', 'Cypress', 'Canyon', 'Mesa', 'Prairie', 'Colonial', 'Heritage'],
  ...['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth', 'Ninth', 'Tenth'],
];

/** Street type: the full word and the USPS abbreviations seen in the wild. */
export const STREET_TYPES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Street', ['St', 'St.', 'Str']],
  ['Avenue', ['Ave', 'Ave.', 'Av']],
  ['Road', ['Rd', 'Rd.']],
  ['Drive', ['Dr', 'Dr.']],
  ['Lane', ['Ln', 'Ln.']],
  ['Boulevard', ['Blvd', 'Blvd.']],
  ['Court', ['Ct', 'Ct.']],
  ['Place', ['Pl', 'Pl.']],
  ['Terrace', ['Ter', 'Terr']],
  ['Circle', ['Cir', 'Cir.']],
  ['Parkway', ['Pkwy']],
  ['Way', ['Wy']],
];

/** Compass prefixes: the word and its abbreviations. */
export const DIRECTIONS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['North', ['N', 'N.']],
  ['South', ['S', 'S.']],
  ['East', ['E', 'E.']],
  ['West', ['W', 'W.']],
];

/** Secondary unit designators (USPS): the word and its short forms. */
export const UNIT_TYPES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Apartment', ['Apt', 'Apt.', '#']],
  ['Suite', ['Ste', 'Ste.', '#']],
  ['Unit', ['Unit', '#']],
];

export const EMAIL_PROVIDERS: readonly string[] = [
  ...['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'yahoo.com', 'outlook.com', 'hotmail.com'],
  ...['aol.com', 'icloud.com', 'comcast.net', 'protonmail.com', 'att.net', 'verizon.net', 'msn.com'],
];
