/**
 * Common English given-name nicknames, nickname → canonical given name.
 *
 * Sources: the nickname tables used by record-linkage practice (the US Census name files, and the
 * public-domain "carltonnorthern/nickname-and-diminutive-names-lookup" list), trimmed to
 * unambiguous or dominant mappings. A nickname shared by several names ("al": albert, alan,
 * alfred; "chris": christopher, christine) maps to the most frequent one; what matters for
 * matching is that the nickname and one full form land on the same token. Keep the canonical names
 * themselves out of the nickname lists (a canonical never maps to another canonical).
 */
const CANONICAL: Readonly<Record<string, readonly string[]>> = {
  abigail: ['abby', 'abbie', 'gail'],
  abraham: ['abe', 'bram'],
  albert: ['al', 'bert', 'bertie'],
  alexander: ['alex', 'alec', 'sandy', 'xander', 'lex'],
  alexandra: ['alexa', 'lexi', 'lexie', 'sasha'],
  alfred: ['alf', 'alfie'],
  andrew: ['andy', 'drew', 'andie'],
  angela: ['angie'],
  anthony: ['tony'],
  arthur: ['art', 'artie'],
  barbara: ['barb', 'barbie', 'babs'],
  benjamin: ['ben', 'benny', 'benji', 'benjy'],
  bernard: ['bernie', 'barney'],
  beverly: ['bev'],
  bradley: ['brad'],
  catherine: ['cathy', 'cath', 'cate'],
  charles: ['charlie', 'chuck', 'chas', 'chaz', 'chip'],
  charlotte: ['lottie', 'lotte', 'char'],
  christina: ['tina', 'chrissy', 'christy', 'kristy'],
  christopher: ['chris', 'kit', 'topher', 'kris'],
  clifford: ['cliff'],
  cynthia: ['cindy', 'cyndi'],
  daniel: ['dan', 'danny', 'dani'],
  david: ['dave', 'davey', 'davy'],
  deborah: ['debbie', 'deb', 'debby', 'debra'],
  dennis: ['denny'],
  donald: ['don', 'donnie', 'donny'],
  dorothy: ['dot', 'dotty', 'dottie', 'dolly', 'dora'],
  douglas: ['doug', 'dougie'],
  edward: ['ed', 'eddie', 'eddy', 'ted', 'teddy', 'ned'],
  eleanor: ['ellie', 'nell', 'nellie', 'nora', 'elle'],
  elizabeth: [
    'liz',
    'lizzie',
    'lizzy',
    'beth',
    'betty',
    'bette',
    'betsy',
    'bess',
    'bessie',
    'eliza',
    'libby',
    'liza',
    'elsie',
  ],
  emily: ['em', 'emmy', 'millie'],
  eugene: ['gene'],
  frances: ['fran', 'frannie', 'fanny'],
  francis: ['frank', 'frankie'],
  frederick: ['fred', 'freddie', 'freddy', 'fritz'],
  gabriel: ['gabe'],
  gerald: ['gerry', 'jerry'],
  gregory: ['greg', 'gregg'],
  harold: ['hal', 'harry'],
  henry: ['hank', 'hal'],
  herbert: ['herb', 'herbie'],
  isabella: ['bella', 'izzy', 'isabel', 'isabelle', 'belle'],
  jacob: ['jake'],
  james: ['jim', 'jimmy', 'jimmie', 'jamie', 'jem'],
  janet: ['jan', 'netty'],
  jeffrey: ['jeff', 'geoff', 'geoffrey'],
  jennifer: ['jen', 'jenny', 'jenn', 'jennie'],
  jessica: ['jess', 'jessie'],
  john: ['jack', 'johnny', 'jon', 'jonny', 'johnnie'],
  joseph: ['joe', 'joey', 'jos'],
  joshua: ['josh'],
  judith: ['judy', 'jude'],
  katherine: ['kate', 'katie', 'kathy', 'kat', 'kathryn', 'kay', 'kitty', 'katy', 'kathleen', 'kit'],
  kenneth: ['ken', 'kenny'],
  lawrence: ['larry', 'laurie', 'lawrie'],
  leonard: ['len', 'lenny', 'leo'],
  louis: ['lou', 'louie'],
  margaret: ['peggy', 'maggie', 'meg', 'marge', 'margie', 'madge', 'greta', 'gretchen', 'peg'],
  matthew: ['matt', 'matty'],
  michael: ['mike', 'mikey', 'mick', 'mickey', 'micky', 'mitch'],
  mary: ['molly', 'polly', 'mae', 'mamie', 'mimi', 'minnie'],
  nathaniel: ['nat', 'nate', 'natty'],
  nicholas: ['nick', 'nicky', 'nico', 'klaus'],
  oliver: ['ollie'],
  pamela: ['pam', 'pammy'],
  patricia: ['patty', 'pattie', 'trish', 'tricia', 'patsy'],
  patrick: ['pat', 'paddy'],
  peter: ['pete', 'petey'],
  philip: ['phil', 'phillip'],
  rebecca: ['becky', 'becca', 'reba'],
  raymond: ['ray'],
  richard: ['dick', 'rich', 'richie', 'ricky', 'rick', 'rico', 'dickie'],
  robert: ['bob', 'bobby', 'rob', 'robbie', 'robby', 'bert'],
  ronald: ['ron', 'ronnie', 'ronny'],
  samuel: ['sam', 'sammy', 'sammie'],
  samantha: ['sammi'],
  sarah: ['sally', 'sadie', 'sara'],
  stephen: ['steve', 'stevie', 'steven', 'stephan'],
  susan: ['sue', 'susie', 'suzy', 'suzie', 'suzanne'],
  theodore: ['theo'],
  thomas: ['tom', 'tommy', 'thom'],
  timothy: ['tim', 'timmy'],
  victoria: ['vicky', 'vicki', 'vickie', 'tori', 'vic'],
  vincent: ['vince', 'vinny', 'vinnie'],
  virginia: ['ginny', 'ginger', 'virgie'],
  walter: ['walt', 'wally'],
  william: ['bill', 'billy', 'will', 'willy', 'willie', 'wills', 'billie'],
  zachary: ['zach', 'zack', 'zak'],
};

function invert(table: Readonly<Record<string, readonly string[]>>): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const [canonical, nicknames] of Object.entries(table)) {
    for (const nickname of nicknames) {
      // First canonical wins for nicknames listed twice (for example "rick"), see the header.
      if (!map.has(nickname) && !(nickname in table)) map.set(nickname, canonical);
    }
  }
  return map;
}

/** Nickname → canonical given name, lowercase ASCII on both sides. */
export const NICKNAMES: ReadonlyMap<string, string> = invert(CANONICAL);
