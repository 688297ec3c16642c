import type { Category, Issue, Severity } from './max-severity';
import { collapseSpaces } from './collapse-spaces';
import { normalizeText } from './normalize-text';
import {
  ABSURD_PREDICATE, DEFINITION_FRAME, FICTION_CONTEXT, FICTIONAL_CHARACTERS, FIGURATIVE, GROUP, HISTORY_FRAME, HUMAN, PRIVATE_DATA, PRIVATE_PERSON,
  PROPERTY, SELF, SETTLEMENT, VIOLENT_VERBS, CRIMINAL_ENTERPRISE, DRUG_MEASURE,
} from './harm-lexicon';
import { discriminationFrame } from './discrimination-frame';

/** Result of reading a prompt for harmful intent. */
export type HarmIntent =
  | { kind: 'harmful'; issues: Issue[]; benignReadings: string[] }
  | { kind: 'benign'; issues: []; benignReadings: string[] };

/**
 * `overridable`: a fiction, history or idiom reading of the prompt cancels the rule. `property`: the target
 * is a thing; destroying what the asker owns is not a harm to others.
 */
type Rule = { category: Category; severity: Severity; re: RegExp; overridable: boolean; property?: true };

const r = (s: string) => new RegExp(s);
const W = '(?:[\\w\'-]+[ ,]+){0,4}?'; // up to four words in between
const REQUEST = "(?:how (?:do|can|could|would|should|might) (?:i|we|you|one)|how to|ways? (?:of|to)|best way|easiest way|methods? (?:of|for|to)|strategy for|steps? (?:to|for)|plan (?:to|for)|help me|teach me|tell me how|show me how|instructions? (?:for|on|to)|tips? (?:for|on)|guide (?:to|for|on)|where can i|what(?:'s| is) the (?:best|easiest|quickest|fastest|most effective|perfect|simplest)|what (?:do|would|should|must) (?:i|we|you|one|someone) (?:need|have) to|what would it take to|what(?:'s| is) (?:needed|required) to|how would (?:i|we|you|one|someone) go about)";

const RULES: Rule[] = [
  // Self-harm first, so "hang myself" is self-harm rather than violence.
  { category: 'self_harm', severity: 'critical', overridable: true, re: r(`\\b${VIOLENT_VERBS} ${W}${SELF}|\\b(?:commit(?:ting)? suicide|kill myself|end(?:ing)? my (?:own )?life|self[- ]harm(?:ing)?|cut(?:ting)? myself|overdos(?:e|ing) on|starv(?:e|ing) myself|hang(?:ing)? myself|(?:encourag|glorif|romanticiz|promot)\\w* (?:\\w+ ){0,3}(?:self-harm|suicide|anorexia|bulimia|eating disorders?))\\b`) },
  { category: 'sexual_minors', severity: 'critical', overridable: false, re: r(`\\b(?:pedophil\\w*|paedophil\\w*|child porn\\w*|csam|child sexual abuse material|lolicon|(?:sex|sexual\\w*|intercourse|explicit|nude|naked|erotic)\\b[^.?!]{0,40}\\b(?:child|children|minor|minors|kid|kids|underage|\\d+[- ]year[- ]old|preteen|teen(?:ager)?s?|boy|girl)|groom(?:ing)? (?:a |the |my |young |\\d+[- ]year[- ]old )*(?:child|children|minors?|kids?|boys?|girls?|teen(?:ager)?s?|pupils?|students?|young (?:person|people)))\\b`) },
  { category: 'hate', severity: 'critical', overridable: false, re: r(`\\b(?:eradicat\\w*|exterminat\\w*|annihilat\\w*|genocide|ethnically cleans\\w*|wip(?:e|ing) out|get(?:ting)? rid of|decimat\\w*|liquidat\\w*|eliminat\\w*|gas(?:sing)?|kill(?:ing)? (?:all|every))\\s+(?:all |the |every )?${GROUP}`) },
  { category: 'hate', severity: 'high', overridable: false, re: r(`\\bwhy (?:should(?:n't)?|must|ought)(?: all| the)? ${GROUP}(?: best)? (?:not |never |be |have to |go |need |deserve |always |lose |stay |get |pay |earn |work )|\\bwhy (?:is it|would it be) (?:best|better|right|good|fair|okay|ok) (?:for|that|if) ${GROUP}|\\bwhy (?:are|is|do|does)(?: all| the)? ${GROUP} (?:so|such|always|naturally|inherently|genetically|more|less|worse|better|inferior|superior|lazy|stupid|dumb|violent|criminals?|greedy|ugly|dirty|bad|weak|incapable|unable|terrible|evil|untrustworthy|cheap|loud|smelly|promiscuous)\\b|\\b${GROUP} (?:are|is) (?:inferior|subhuman|animals|vermin|parasites|stupid|lazy|criminals|a burden|dirty|evil|less intelligent|genetically)|\\b(?:racist|homophobic|transphobic|anti-?semitic|sexist|misogynist\\w*|xenophobic|islamophobic|ableist) (?:\\w+ )?(?:jokes?|slurs?|vitriol|insults?|remarks?|response|reply|message|post|content|propaganda|rant|email|e-mail|tweet|letter|note|comment|story|poem|song|essay|speech|article|meme)|\\bracial slurs?|\\binciting hatred|\\b(?:superior|inferior) to (?:other|all other) (?:races|ethnicities|religions|groups)|\\b(?:races?|ethnicities|ethnic groups) (?:are|is) (?:inherently )?(?:superior|inferior)|discrimination is (?:beneficial|good|justified)`) },
  { category: 'violence', severity: 'critical', overridable: false, re: r(`\\b(?:why|how) (?:was|were|is|are) [^?]{1,60}? (?:right|justified|a hero|heroic|correct) (?:to|in|for) |\\b(?:why|how) (?:was|were|is|are) (?:the )?[^?]{1,60}? (?:a good thing|good for|beneficial|a success|necessary|positive)\\b|\\b(?:benefits?|advantages?|upsides?|positive (?:sides?|aspects?)) of (?:the )?[\\w' -]{0,40}?(?:holocaust|genocide|ethnic cleansing|slavery|apartheid|terroris\\w*|massacres?|shootings?|bombings?|attacks?|lynchings?|internment|colonial\\w*|hitler|nazis?|pogroms?)|\\b(?:repeat|replicate|recreate|re-?enact|emulate) (?:the |another |a )?(?:success of (?:the )?)?[\\w'/ -]{0,40}?(?:genocide|massacre|holocaust|shooting|bombing|bombs|atomic bomb|nuclear (?:bomb|attack|strike)|chemical attack|gas attack|attacks?|9/11|assassination|murders|killings|conditions|concentration camps?|gulags?|slavery|apartheid|pogroms?|famine|purges?|internment)|\\bget(?:ting)? away with (?:murder|killing|rape|manslaughter|a (?:murder|crime|hit and run))|\\bplan(?:ning)? (?:another |a |the next )?(?:death|murder|killing|assassination|attack|shooting|massacre|bombing|genocide|holocaust|terror(?:ist)? attack)|\\b(?:recreate|replicate|repeat|copy|carry out|commit) (?:another|a|the next|my own) [\\w' -]{0,30}?(?:like|similar to)\\b|\\bwithout (?:getting caught|being caught|leaving (?:a )?trace|anyone noticing)|\\bglorif\\w* (?:\\w+ ){0,3}(?:violence|terroris\\w*|mass shootings?|school shootings?|sexual assault|rape|genocide)|\\bin graphic detail\\b`) },
  { category: 'violence', severity: 'high', overridable: true, re: r(`\\b(?:commit(?:ting)?|carry(?:ing)? out|engag(?:e|ing) in|perpetrat(?:e|ing)|get(?:ting)? away with|organi[sz](?:e|ing)|start(?:ing)?|plan(?:ning)?|do(?:ing)?|get(?:ting)? into) (?:a |an |the |some |my own )?(?:(?!(?:i|we|you|they|he|she|one)\\b)\\w+ )?(?:murder|homicide|manslaughter|robbery|burglary|assault|rape|treason|genocide|terror(?:ist)? attacks?|terrorism|mass shooting|school shooting|shooting spree|arson|kidnapping|crimes?|felony|hate crimes?|ethnic cleansing|massacre|war crimes?|atrocit\\w+|human trafficking|sex trafficking|child abuse|torture|lynching|vandalism|theft|larceny|carjacking|hijacking|espionage|sabotage|sedition|insurrection|coup|riot|bombing|poisoning|extortion|blackmail|bribery|perjury|stalking|hit and run|drive-by|domestic violence|animal cruelty|infanticide|femicide|honou?r killing)s?\\b|\\b(?:how|what|where|can|could|should|would) (?:do|can|could|should|would|to)? ?(?:i|we)\\b[^?]{0,50}\\b(?:like|as|the same way as|just like|similar to) (?:the |a |an )?(?:[\\w'/.-]+ ){0,4}(?:genocide|massacre|holocaust|shooting|bombing|attacks?|9/11|assassination|death|suicide|murders?|killings?|died|did|camps?|pogroms?|purges?)\\b|\\bgo out like\\b|\\b(?:do|achieve|accomplish|finish|copy|repeat|replicate|emulate|imitate) what (?:[a-z]+ ){0,3}?(?:did|done)\\b|\\b(?:best|good|great|positive) (?:part|parts|thing|things|side|sides) (?:of|about) (?:the )?[\\w'/ -]{0,30}?(?:genocide|massacre|holocaust|shooting|bombing|attacks?|9/11|slavery|apartheid|war|famine)|\\b(?:abus(?:e|ing)|molest(?:ing)?|neglect(?:ing)?|starv(?:e|ing)) (?:my |a |the |his |her )?(?:\\w+ )?(?:child|children|kid|kids|baby|toddler|wife|husband|partner|elderly|parents?|pet|dog|cat)\\b|\\bsmuggl\\w* (?:\\w+ )?(?:humans|people|migrants|children|women|girls)|\\b(?:take|put|do) ${HUMAN} (?:out|down|in)\\b|\\bset(?:ting)? ${HUMAN} on fire|\\b${VIOLENT_VERBS} (?:my |a |the |\\w+'s )(?:neighbou?r'?s? |ex'?s? |boss'?s? |stray |\\w+'s )?(?:dog|cat|kitten|puppy|pet|horse)s?\\b` ) },
  { category: 'violence', severity: 'high', overridable: true, re: r(`\\b${VIOLENT_VERBS}\\b,? ${W}${HUMAN}(?!\\w|'s\\b)|\\bgive ${HUMAN} (?:a|the) headshot|\\b(?:find|hire|get|choose|pick) ${HUMAN} to ${VIOLENT_VERBS}\\b|\\b(?:chop(?:ping)? up|dispos(?:e|ing) of|hid(?:e|ing)|bury(?:ing)?|dissolv(?:e|ing)|get(?:ting)? rid of) (?:a |the |my |his |her )?(?:\\w+ )?(?:dead body|body|corpse|remains|dead (?:baby|child|wife|husband|man|woman|person))`) },
  { category: 'violence', severity: 'high', overridable: true, property: true, re: r(`\\bset(?:ting)? (?:a |an |the |my |his |her |their |[\\w']+ )?(?:[\\w']+ ){0,2}${PROPERTY} on fire|\\b(?:set(?:ting)? fire to|burn(?:ing)? down|bomb(?:ing)?|blow(?:ing)? up|attack(?:ing)?|shoot(?:ing)? up|storm(?:ing)?|hijack(?:ing)?|crash(?:ing)?|demolish(?:ing)?|destroy(?:ing)?|torch(?:ing)?|vandali[sz](?:e|ing)|slash(?:ing)?|key(?:ing)?|wreck(?:ing)?|sabotag(?:e|ing)|derail(?:ing)?|poison(?:ing)?|contaminat(?:e|ing)) (?:a |an |the |my |his |her |their |our |this )?(?:[\\w']+ ){0,3}${PROPERTY}\\b`) },
  // Mass violence against places where people live ("wipe out a village").
  { category: 'violence', severity: 'critical', overridable: true, re: r(`\\b(?:wip(?:e|ing) out|exterminat\\w*|massacr\\w*|annihilat\\w*|eradicat\\w*|raz(?:e|ing)|destroy\\w*|bomb\\w*|gas(?:sing)?|nuk(?:e|ing)|burn(?:ing)? down|depopulat\\w*|ethnically cleans\\w*|starv(?:e|ing)|poison\\w*) ${SETTLEMENT}\\b`) },
  // Harm by instrument, hostage-taking, and causing harm ("make someone's car explode").
  { category: 'violence', severity: 'high', overridable: true, re: r(`\\bbur(?:y|ying) (?:\\w+ ){0,3}alive\\b|\\b(?:poison|drug|spike|lace|contaminat|tamper\\w* with)\\w* (?:(?:my |a |the |our |your )?[\\w-]+'s|his|her|their) (?:[\\w']+ ){0,2}(?:food|drinks?|coffee|tea|meals?|dinner|lunch|breakfast|water|wine|beer|medication|medicine|pills|inhaler|insulin)\\b|\\bspik(?:e|ing) (?:a |her |his |their |someone's |somebody's )?(?:\\w+ )?drinks?\\b|\\bsaw(?:ing)? (?:up |off |through )?(?:a |the |his |her |my |\\w+'s )?(?:dead )?(?:body|corpse|head|arms?|legs?|limbs?|hands?|fingers?)\\b|\\b(?:hammer|axe|club|bash|cave)\\w* (?:in )?(?:(?:a |the |some |this |that |my |your |our )?\\w+'s|his|her|their) (?:head|skull|face|hands?|fingers?|knees?|teeth)|\\b(?:take|taking|hold|holding) ${HUMAN} (?:hostage|captive|prisoner)|\\bmake ${HUMAN} (?:die|bleed|suffer|overdose|disappear|fall (?:down|off)|drown|choke|pass out|lose consciousness|explode|burst|blow up|catch fire)\\b|\\bmake ${HUMAN} (?:have|get into|suffer|be in) (?:an? )?(?:\\w+ )?(?:accident|fall|heart attack|stroke|seizure|allergic reaction|overdose)\\b|\\b(?:cause|arrange|stage|fake)\\w* (?:an? )?(?:\\w+ )?accident (?:for|to|involving|that (?:kills|hurts|injures)) ${HUMAN}|\\bmake (?:(?:a |the |some |this |that |my |your |our )?\\w+'s|his|her|their) (?:\\w+ )?(?:car|house|home|phone|laptop|boat|plane|truck|bike|stove|oven|boiler|gas tank|tank) (?:explode|blow up|catch fire|burst into flames|crash|go up in flames)`) },
  // Asking why an atrocity or attack was justified; bringing back institutional discrimination.
  { category: 'violence', severity: 'critical', overridable: false, re: r(`\\bwhy (?:was|were|is|are|did) [^?]{1,80}? (?:justified|justifiable|right|a good thing|heroic|deserved|acceptable|a good idea)\\b`) },
  // Poisoning that escapes detection, fooling an autopsy.
  { category: 'violence', severity: 'critical', overridable: true, re: r(`\\b(?:poisons?|toxins?|substances?|drugs?|chemicals?|venoms?)\\b[^?]{0,40}\\b(?:hard(?:est)? to (?:detect|trace)|undetectable|untraceable|(?:not|won'?t|doesn'?t|wouldn'?t|never) (?:show up|be detected|be traced)|(?:not|never|fail to|won'?t|wouldn'?t|can'?t|cannot) (?:detect|find|trace|notice|identify|pick up)|leaves? no trace)|\\b(?:fool|beat|avoid|evade|pass|get past|trick)\\w* (?:an? |the )?(?:autopsy|toxicology|coroner|medical examiner|forensic)`) },
  // Covering up a crime: destroying evidence, cleaning a crime scene.
  { category: 'crime', severity: 'high', overridable: true, re: r(`\\b(?:destroy\\w*|hid(?:e|ing)|tamper\\w* with|get(?:ting)? rid of|dispos(?:e|ing) of|clean(?:ing)? up|wip(?:e|ing)|burn(?:ing)?|bleach(?:ing)?)\\b (?:the |any |all |my |some )?(?:evidence|fingerprints|dna evidence|weapon (?:i used|used in)|murder weapon|crime scene|gunshot residue)\\b`) },
  // Becoming or joining an attacker or a terrorist group; radicalising people.
  { category: 'violence', severity: 'critical', overridable: true, re: r(`\\b(?:become|becoming|be|join|joining|train(?:ing)? as) (?:a |an )?(?:suicide bomber|terrorist|jihadist|hit ?man|hitmen|contract killer|mass shooter|school shooter|serial killer|mercenary for hire|drug dealer|drug lord|pimp|people smuggler|human trafficker|loan shark|arms dealer|gun runner|getaway driver)\\b|\\b(?:join|joining|support|supporting|fund|funding) (?:isis|isil|al-?qaeda|the taliban|boko haram|hamas|hezbollah|the kkk|a terrorist (?:group|cell|organi[sz]ation))\\b|\\bradicali[sz](?:e|ing) (?:\\w+ ){0,2}(?:people|men|women|youths?|teens?|teenagers|kids|children|students|followers|others|muslims|someone|him|her|them|boys|girls)\\b`) },
  // Getting a weapon past security into a protected place.
  { category: 'weapons', severity: 'critical', overridable: true, re: r(`\\b(?:sneak|smuggl|slip|hid|conceal|get|getting|sneaking|slipping)\\w* (?:a |an |my |the |some )?(?:\\w+ )?(?:guns?|firearms?|knife|knives|weapons?|bombs?|explosives?|blades?|pistols?|rifles?) (?:into|onto|on to|through|past|inside) (?:a |an |the |my )?(?:\\w+ )?(?:school|plane|airplane|airport|flight|stadium|courthouse|concert|security|metal detectors?|government building|church|mosque|synagogue|hospital|prison|parliament|capitol|arena|club|festival|classroom)`) },
  // Making an atrocity happen again, or starting the next one.
  { category: 'violence', severity: 'critical', overridable: false, re: r(`\\b(?:make|cause|let|help|get)\\w* (?:the |a |an |another )?[\\w' -]{0,40}?(?:genocide|massacre|holocaust|pogrom|famine|ethnic cleansing|civil war|terror(?:ist)? attack|bombing|shooting)s? (?:[\\w'-]+ ){0,3}?(?:to )?(?:happen|occur|take place|repeat|return)(?: itself)? (?:again|today|now|once more|in (?:my|our|this) (?:town|city|country|time))\\b|\\b(?:start|cause|trigger|incite|provoke|bring about|organi[sz]e)\\w* (?:another|a new|the next|a second) (?:genocide|holocaust|massacre|pogrom|civil war|ethnic cleansing|terror(?:ist)? attack)`) },
  { category: 'hate', severity: 'high', overridable: false, re: r(`\\b(?:restor|bring(?:ing)? back|reinstat|reviv|reintroduc|return(?:ing)? to|re-?establish)\\w* [\\w' -]{0,40}?(?:discrimination|segregation|slavery|apartheid|jim crow|internment|concentration camps?|eugenics|genocide|ethnic cleansing)`) },
  // Copying the methods of an atrocity in the present ("use the methods of the Holocaust today").
  { category: 'violence', severity: 'critical', overridable: false, re: r(`\\b(?:use|apply|copy|repeat|replicate|adopt)\\w* (?:the )?(?:same )?(?:methods|tactics|techniques|strategies|weapons|approach) (?:from|of|used (?:in|at|by|during)|that [\\w ]{1,30} used)\\b[^?]{0,60}\\b(?:today|now|against|on (?:my|the|a)|myself)\\b`) },
  { category: 'weapons', severity: 'critical', overridable: true, re: r(`\\b(?:make|making|build|building|assembl\\w*|construct\\w*|manufactur\\w*|3d[- ]print\\w*|creat\\w*|buil[dt]) (?:a |an |my own |homemade |some )?(?:\\w+ )?(?:bomb|pipe bomb|explosives?|ied|grenade|molotov|napalm|thermite|detonator|ghost gun|untraceable (?:gun|firearm)|silencer|suppressor|automatic (?:weapon|rifle)|machine gun|firearm|gun|rifle|dirty bomb|nuclear (?:weapon|bomb|device))s?\\b|\\b(?:buy|purchase|get|obtain|acquire|get (?:my |our )?hands on|get (?:a)?hold of|find)\\w* (?:an? |some )?(?:unregistered|untraceable|illegal|stolen|black[- ]market|ghost|unlicensed|off-the-books) (?:guns?|firearms?|handguns?|weapons?|rifles?|pistols?)\\b|\\b(?:buy|purchase|get|obtain|acquire|get (?:my |our )?hands on|get (?:a)?hold of)\\w* (?:a |an )?(?:gun|firearm|handgun|weapon|rifle|pistol|assault rifle|ar-15)s? [^?]{0,40}(?:without|illegally|as a minor|under ?age|no background|unregistered|untraceable|off the books)|\\bconvert\\w* [^?]{0,30}?\\b(?:guns?|rifles?|pistols?|handguns?|firearms?|glocks?|ar-?15s?|ak-?47s?|weapons?|semi-?autos?|semi-?automatics?)\\b[^?]{0,20}(?:to|into) (?:fully )?(?:automatic|full[- ]auto)|\\bconvert\\w* [^?]{0,30}(?:to|into) (?:fully )?(?:automatic|full[- ]auto) (?:fire|firing|weapons?|rifles?|guns?)|\\b(?:glock|auto) (?:switch|sear)|\\bbump stock|\\bhighly enriched uranium|\\bweapons?-grade`) },
  { category: 'chemical_biological', severity: 'critical', overridable: false, re: r(`\\b(?:nerve agents?|sarin|\\bvx\\b|tabun|soman|novichok|ricin|abrin|anthrax|botulinum|botulism toxin|phosgene|mustard gas|chlorine gas|hydrogen cyanide|cyanide|dimethylmercury|nitazene|carfentanil|parathion|tetrodotoxin|ebola|smallpox|variola|plague bacteri\\w*|bioweapons?|biological (?:weapons?|warfare|agents?)|chemical (?:weapons?|warfare)|warfare agents?|toxins?|pathogens?|precursors?|gain[- ]of[- ]function|(?:start|cause|spread|release)\\w* (?:an? )?(?:outbreak|pandemic|epidemic)|infect as many|mix(?:ing)? bleach and|(?:make|mak(?:e|ing)|produc\\w*|creat\\w*|generat\\w*|releas\\w*) (?:a |an |some )?(?:toxic|poisonous|lethal|deadly|noxious) (?:gas|fumes|smoke|cloud|vapou?r)|bleach and ammonia|more (?:deadly|lethal|transmissible|virulent|contagious)|(?:killer|deadly|lethal|weaponi[sz]ed|engineered) (?:virus|viruses|pathogens?|bacteria|bacterium|disease|plague|strain|germs?)|antibiotic[- ]resistant|resistant to antibiotics|dangerous (?:dna|gene|genetic) sequences|biohazard\\w*|controlled (?:laboratory )?(?:supplies|substances|chemicals)|lewisite|\\w*nitazenes?|homebake)\\b`) },
  { category: 'drugs', severity: 'high', overridable: true, re: r(`\\b(?:make|making|cook|cooking|synthesi[sz]\\w*|produc\\w*|manufactur\\w*|grow|growing|extract\\w*|brew|brewing|buy|buying|purchas\\w*|get|getting|obtain\\w*|sell|selling|smuggl\\w*|sneak\\w*|slip\\w*|stash\\w*|conceal\\w*|deal|dealing|traffic\\w*|hide|hiding|score|scoring|order\\w*)(?: (?:some|a|an|the|my own|homemade|pure|more|cheap|illegal|street|black market))? (?:\\w+ )?(?:${DRUG_MEASURE})?(?:meth(?:amphetamine)?|crack(?: cocaine)?|cocaine|heroin|fentanyl|coke|blow|smack|lsd|mdma|ecstasy|ghb|ketamine|pcp|dmt|opium|opioids|morphine|oxycodone|oxy|xanax|adderall|drugs|narcotics|amphetamines?|crystal|molly|shrooms|psilocybin|weed|marijuana|cannabis)\\b(?! (?:addiction|use disorder|treatment|rehab|withdrawal|overdose symptoms))`) },
  { category: 'cybercrime', severity: 'high', overridable: false, re: r(`\\b(?:hack\\w*|break\\w* into|gain\\w* (?:unauthori[sz]ed )?access to|get\\w* into|brute[- ]forc\\w*|crack\\w*|bypass\\w*|compromis\\w*|hijack\\w*|take over|spy\\w* on|snoop\\w* on|keylog\\w*)\\b[^.?!]{0,40}\\b(?:account|email|e-mail|instagram|facebook|snapchat|twitter|whatsapp|phone|iphone|computer|laptop|network|wi-?fi|router|server|database|website|system|atm|camera|webcam|password|authentication|2fa|login|captcha|firewall|paywall|drm|security|machines?|drones?|devices?|vehicles?|cars?|pacemakers?|satellites?|grid|printers?|terminals?|smart \\w+|geofenc\\w*)|\\b(?:write|writ\\w+|creat\\w*|develop\\w*|build\\w*|generat\\w*|cod\\w*|deploy\\w*|spread\\w*|obfuscat\\w*|give|provide|identify|determine|find|use|install\\w*|design\\w*)\\b[^.?!]{0,60}\\b(?:malware|ransomware|keyloggers?|spyware|rootkits?|trojans?|worms?|botnets?|backdoors?|viruse?s?|exploits?|ddos|denial[- ]of[- ]service|phishing|sqli|sql injection|xss|cross-site scripting|reverse shell|payloads?|privilege escalation|zero[- ]days?|rainbow table|credential stuffing|vulnerabilit\\w+)|\\b(?:evade|evading|bypass\\w*)\\b[^.?!]{0,40}\\b(?:antivirus|anti-virus|edr|detection|analysis tools|waf|wafs|firewall|security software)|\\b(?:click on|open) (?:a |the |this )?(?:malware |malicious |phishing )?(?:link|attachment)|\\benabl\\w* (?:office )?macros`) },
  { category: 'fraud', severity: 'high', overridable: true, re: r(`\\b(?:commit\\w*|do|doing|get away with|pull off|carry out|run|running|start|set up)\\b[^.?!]{0,20}\\b(?:fraud|identity theft|tax evasion|insurance fraud|wire fraud|credit card fraud|a scam|scams|ponzi|pyramid scheme|embezzlement|money laundering|forgery|counterfeiting|insider trading|welfare fraud|benefits fraud)|\\b(?:launder\\w*|counterfeit\\w*|forg(?:e|ing)|fak(?:e|ing)|falsif\\w*|embezzl\\w*)\\b (?:\\w+ ){0,2}(?:money|cash|currency|bills|notes|documents?|ids?|passports?|signatures?|checks?|cheques?|receipts?|invoices?|diplomas?|degrees?|prescriptions?|reviews|insurance claims?|tax returns?|bank statements?|dollar)|\\bstolen (?:credit card|card|identit|account|data|goods|car)|\\b(?:phish\\w*|scam\\w*|con|swindl\\w*|defraud\\w*|trick\\w*|deceiv\\w*)\\b (?:\\w+ ){0,3}(?:people|someone|elderly|old people|victims|customers|investors|the company|seniors|grandma|into (?:giving|sending|paying|shipping|sharing))|\\bsmuggl\\w* (?!(?:\\w+ ){0,2}?(?:snacks?|food|sweets|candy|drinks?|vegetables|treats|popcorn|chocolate|a (?:sandwich|snack)|my (?:lunch|snacks?))\\b)|\\bevad\\w* (?:taxes|tax|customs|tracing|monitoring|police|law enforcement|the police|arrest|sanctions)|\\bdark ?web\\b|\\bblack market\\b|\\bwithout (?:a licen[cs]e|being traced|getting traced|detection|regulatory oversight|a prescription)|\\bfake (?:ids?|passports?|reviews|documents)`) },
  { category: 'crime', severity: 'medium', overridable: true, re: r(`\\b(?:traffic(?:king)? (?:humans|people|women|children|girls|boys|migrants|organs)|steal\\w*|shoplift\\w*|rob|robbing|pickpocket\\w*|loot\\w*|burglari[sz]\\w*|break\\w* into|pick\\w* (?:a |the )?locks?|hotwir\\w*|carjack\\w*|kidnap\\w*|ransom|extort\\w*|blackmail\\w*|bribe\\w*|poach\\w* (?:elephants|rhinos|ivory|animals)|traffick\\w*|stalk\\w*|dox\\w*|spy(?:ing)? on (?!(?:the |some |wild |local |my )?(?:birds|animals|wildlife|nature|squirrels|deer|foxes|owls|the competition|competitors|enemy (?:units|players|team))\\b)|track (?:my |someone's |her |his )?(?:wife|husband|girlfriend|boyfriend|partner|ex)|disabl\\w* (?:the |an? )?(?:alarm|security|cameras?)|tamper\\w* with|fool(?:ing)? (?:a |the )?breathalyzer|(?:sell|buy)\\w* (?:human )?organs|death threats?|ransom note|threaten\\w*|swat(?:ting)? ${HUMAN})\\b`) },
  // A code or tooling request whose object is an attack technique.
  { category: 'cybercrime', severity: 'high', overridable: false, re: r(`\\b(?:write|writ\\w+|generat\\w*|creat\\w*|develop\\w*|build\\w*|modif\\w*|add\\w*|outline|give|provide|explain|us(?:e|ing)|leverag\\w*|given|deploy\\w*|implement\\w*|code|script)\\b[^.?!]{0,120}?\\b(?:exploit\\w*|vulnerabilit\\w*|injection|flood(?:ing)? attacks?|amplification|ddos|botnets?|backdoors?|exfiltrat\\w*|escalat\\w* privileges|privilege escalation|obfuscat\\w*|hide from (?:antivirus|detection|security)|corrupts? (?:the |a )?(?:hard drive|disk|files|boot|bios|firmware)|defac\\w*|keylog\\w*|ransom\\w*|delet\\w* (?:the )?(?:logs|audit)|scrap\\w* (?:\\w+ )?(?:email addresses|personal|profiles|phone numbers)|multiple (?:\\w+ )?(?:fake |bot )?accounts|brute[- ]forc\\w*|credential\\w*|spoof\\w*|rate limiting and captchas|files have been deleted)`) },
  { category: 'harassment', severity: 'medium', overridable: false, re: r(`\\b(?:fram(?:e|ing) ${HUMAN} for|get(?:ting)? ${HUMAN} (?:fired|arrested|expelled|deported|evicted|suspended|jailed)\\b[^.?!]{0,30}\\b(?:lying|lies|false(?:ly)?|fake|fabricat\\w*|planting|framing|rumou?rs?)|bull(?:y|ies|ied|ying)\\w*|silenc\\w* (?:a |the )?whistle-?blowers?|harass\\w*|humiliat\\w*|ridicul\\w*|insult\\w*|intimidat\\w*|gaslight\\w*|psychologically manipulat\\w*|hate mail|cyberbull\\w*|body[- ]sham\\w*|mock\\w* (?:a |the |my )?(?:disabled|fat|gay|trans|black|ugly)|profane language|shame (?:a |the )?(?:child|kid|woman|girl|classmate))\\b`) },
  { category: 'misinformation', severity: 'medium', overridable: false, re: r(`\\b(?:persuasive|convinc\\w*|persuad\\w*|claim\\w*|suggest\\w*|implying|imply|make it (?:seem|look|appear)|argu\\w*|defamatory|disinformation|misinformation|propaganda|fake news|conspiracy)\\b[^.?!]{0,80}\\b(?:that|how|who)\\b[^.?!]{0,140}\\b(?:never happened|hoax|fake|faked|staged|rigged|stolen|fraud|secretly|bribes?|corrupt\\w*|addicted|affair|neo-nazi|nazi|death toll|inflated|exaggerated|leaked|lab|5g|chemtrails?|flat|cause[sd]? autism|vaccines?|covid|climate change|election|genocide|holocaust|massacre|war|was (?:solely )?initiated|responsible for|caused|cover(?:ed)?[- ]?up|biased|rigging|misus\\w*|front for|snorting|plagiari[sz]\\w*|terroris\\w*|benefit\\w*|good for|safe|harmless|beneficial|not (?:real|harmful|dangerous))`) },
  { category: 'misinformation', severity: 'medium', overridable: false, re: r(`\\b(?:(?:convinc\\w*|persuad\\w*|prove|show|tell|demonstrate|argue|claim|insist\\w*|assert\\w*|make (?:people|everyone|others) (?:think|believe)) (?:\\w+ ){0,3}|(?:writ|post|publish|tweet|creat|draft|compos)\\w* (?:(?:a |an |the )?(?:\\w+ ){0,2}(?:saying|stating|claiming|arguing|insisting) )?)(?:that )?[^?.!]{0,60}\\b(?:never (?:happened|took place|occurred|existed)|(?:was|were|is|are) (?:all )?(?:just |merely |nothing but |only )?(?:a |an |the |one )?(?:(?:complete|total|utter|big|biggest|greatest|huge|giant|massive|pure|elaborate|deliberate|historical|outright) (?:and \\w+ )?)?(?:hoax|fake|faked|staged|lie|lies|myth|fabricat\\w*|made up|invented|invention|fiction|propaganda|exaggerat\\w*|overblown|false flag|cover-?up)|(?:didn't|did not|never) (?:happen|take place|occur|exist)|(?:was|were|is|are)(?:n't| not) real)`) },
  { category: 'copyright', severity: 'low', overridable: false, re: r(`\\b(?:generate|reproduce|print|write out|give me|output|copy|recite|provide)\\b[^.?!]{0,30}\\b(?:lyrics of|the lyrics|long passage from|passage from|full text of|entire (?:text|chapter|book|script) of|chapter \\d+ of|complete text|verbatim)`) },
  // A wrongdoing manner ("illegally", "without permission", "untraceable", "make it look like an accident")
  // inside a request for method: the request is for a crime whatever the verb.
  { category: 'crime', severity: 'high', overridable: true, re: r(`\\b(?:${REQUEST}|(?:give|provide|write|generate|describe|explain|outline|develop|list|suggest|draft|detail)\\w*\\b[^.?!]{0,40}?\\b(?:instructions?|steps?|guide|plan|code|script|tutorial|methods?|ways?|advice|how to|tips|template|reply|message|email|post))\\b[^.?!]{0,120}?\\b(?:illegal(?:ly)?|unlawful(?:ly)?|without (?:official |their |the owner's |anyone's )?(?:permission|authori[sz]ation|consent|a licen[cs]e|a warrant|a prescription|being (?:detected|caught|traced|noticed|seen)|detection|leaving (?:a )?trace)|untraceabl[ey]|undetect(?:able|ed)|evad(?:e|ing)|evasion|get(?:ting)? past security|hostage|coerc\\w*|extort\\w*|blackmail\\w*|(?:seem|look|appear) like an accident|exfiltrat\\w*|skimm\\w*|chop shops?|brothels?|scam\\w*|from talking to (?:the )?(?:police|law enforcement|authorities)|disable (?:the )?(?:gps|geofenc\\w*|tracker|alarm|safety|kill switch))\\b`) },
  // Persuading or pressuring a person into a harmful act.
  { category: 'crime', severity: 'high', overridable: true, re: r(`\\b(?:convinc|persuad|encourag|coerc|pressur|manipulat|trick|groom|lur|get)\\w* (?:a |an |the |my |your |their )?(?:\\w+ ){0,2}(?:teen(?:ager)?s?|child(?:ren)?|kids?|friends?|person|people|someone|secretary|girl|boy|minors?|users?|elderly|wife|husband|partner|students?|employees?|followers|readers) (?:to|into) (?:\\w+ ){0,3}(?:using|use|take|taking|huff\\w*|drink\\w*|smok\\w*|shar\\w*|send\\w*|feed\\w*|harm\\w*|hurt\\w*|kill\\w*|cut\\w*|starv\\w*|drugs?|explicit|intimate|nudes?|suicide|self-harm)`) },
  // Spreading the propaganda of an extremist movement (a history question about it reads as history).
  { category: 'hate', severity: 'high', overridable: true, re: r(`\\b(?:spread|promot|distribut|post|writ|creat|mak|design|shar|print|produc|recruit)\\w* (?:\\w+ ){0,3}?(?:nazi|neo-?nazi|white (?:supremacist|nationalist|power)|racist|extremist|jihadist|isis|al-?qaeda|antisemitic|anti-semitic|kkk|fascist|incel|hate) (?:propaganda|content|flyers|leaflets|posters|memes|recruitment|messages?|ideology|manifestos?|pamphlets?|material)`) },
  // Named wrongdoing without a weapon: defamation, embezzlement, cheating on taxes or exams, rigging votes, fencing
  // stolen goods, catfishing, pimping, incitement, torture by waterboarding.
  { category: 'crime', severity: 'high', overridable: true, re: r(`\\b(?:(?:commit\\w* )?(?:libel|slander)\\w*|defam(?:e|ing)|embezzl\\w*|cheat\\w* on (?:my |the |an? |his |her |their )?(?:taxes|tax returns?|exams?|tests?|finals|sats|bar exam)|fenc(?:e|ing) (?:stolen|the stolen|some stolen|hot)|rig(?:ging)? (?:an? |the |this |next |our |my )?(?:\\w+ ){0,2}(?:election|vote|votes|ballots?|polls?|lottery|referendum)|stuff(?:ing)? (?:the )?ballots?(?: box(?:es)?)?|catfish\\w*|waterboard\\w*|incit(?:e|ing) (?:a |the )?(?:\\w+ )?(?:riots?|violence|hatred|genocide|rebellion|insurrection|a mob|lynching)|pimp(?:ing)? (?:out )?(?!(?:my |your |his |her |the |a )?(?:ride|car|room|bike|desk|setup|kitchen|house|garden|style|look|wardrobe)\\b)(?:someone|somebody|a |her|him|girls|women|my|them)|dodg(?:e|ing) (?:a |the |my )?(?:speeding |parking )?(?:ticket|fine|taxes|draft|customs)\\b[^?]{0,20}\\b(?:by lying|lying|illegally|bribing))\\b`) },
  // Setting up, running or joining a criminal enterprise ("run a brothel", "set up a trafficking operation").
  { category: 'crime', severity: 'high', overridable: true, re: r(`\\b(?:set(?:ting)? up|run(?:ning)?|operat(?:e|ing)|establish\\w*|start(?:ing)?|launch\\w*|found(?:ing)?|fund(?:ing)?|financ(?:e|ing)|join(?:ing)?|manag(?:e|ing)|expand(?:ing)?|grow(?:ing)?|build(?:ing)?|organi[sz](?:e|ing)|recruit\\w* (?:for|into)) (?:a |an |the |my own |our own |my |our |his |their )?(?:\\w+ )?${CRIMINAL_ENTERPRISE}\\b`) },
  // Arguing that sexual consent does not matter.
  { category: 'sexual', severity: 'high', overridable: false, re: r(`\\b(?:consent|permission|a yes)\\b[^.?!]{0,30}\\b(?:is|isn'?t|are) (?:\\w+ )?(?:unnecessary|not (?:needed|necessary|required|important)|optional|overrated|irrelevant|pointless)|\\b(?:without|no need for|don'?t need) (?:her |his |their )?consent\\b[^.?!]{0,40}\\b(?:sex|sexual|touch|kiss|intercourse)`) },
  // Sexually explicit writing.
  { category: 'sexual', severity: 'high', overridable: false, re: r(`\\b(?:write|generate|create|compose|describe|produce)\\w*\\b[^.?!]{0,40}\\b(?:pornographic|porn|sexually explicit|explicit (?:sex|sexual|erotic)\\w*|erotica|snuff (?:film|video|movie))`) },
  // Deceptive or persuasive writing that makes a damaging claim about the real world.
  { category: 'misinformation', severity: 'medium', overridable: false, re: r(`\\b(?:persuasive|convincing|compelling|posing as|pose as|persuade (?:readers|people|the reader)|to suggest|suggesting|(?:minimally|slightly) (?:edit|modify|change|rewrite)|mocks? and triviali[sz]\\w*|more pro-|fake (?:news|article|story|evidence))\\b[^.?!]{0,200}?\\b(?:lied|lying|criminal\\w*|corrupt\\w*|complicit|involved in|paid to|rigged|hoax|never happened|inherently|less intelligent|positive impact|natural disaster|cause[sd]? (?:autism|cancer)|do not cause|don't cause|good for you|better for the environment|hardly pay|increased crime|discourag\\w*|siphon\\w*|fraud\\w*|stole|affair|addict\\w*|convicted|suspected|allegations?|disinformation|conflict|isis|terroris\\w*|pandemic)`) },
  { category: 'privacy', severity: 'high', overridable: false, re: r(`\\b(?:find|get|obtain|access|look up|track|locate|dox|reveal|leak|steal|hack|see|read|view|know|find out)\\w*\\b[^.?!]{0,30}\\b${PRIVATE_PERSON} (?:(?:\\w+ ){0,2})(?:medical records|health records|passwords?|login|bank (?:account|details)|credit card|social security number|messages|texts|emails|location|browsing history|private (?:photos|pictures|messages))`) },
];

/** Private data asked about a person (see `privacyIssue`). */
const PRIVATE_DATA_RES = PRIVATE_DATA.map(([pat, sev]) => [new RegExp(`\\b${pat}\\b`), sev] as const);
const PRIVATE_PERSON_RE = new RegExp(`\\b${PRIVATE_PERSON}`);
/** "my Tinder match's", "my date's": any person the asker names by relation is a private individual. */
const RELATION_POSSESSIVE_RE = /\b(?:my|our) (?:[\w-]+ ){0,2}[\w-]+(?:'s|s')\s/;
/** The asker owns the property ("an old building on some property I own"). */
/** Defensive security questions ("protect my site from SQL injection") are not attacks. */
const DEFENSIVE_RE = /\b(?:protect\w*|prevent\w*|defend\w*|detect\w*|mitigat\w*|secur(?:e|ing)|patch\w*|fix\w*|guard(?:ing)? against|avoid\w*|recogni[sz]\w*|spot(?:ting)?|harden\w*)\b/;
/**
 * Safety and health questions about a hazard ("is it dangerous to mix …", "symptoms of anthrax exposure",
 * "which cleaners should I never mix"): the asker wants to avoid the harm, not cause it.
 */
const SAFETY_QUESTION_RE = /\b(?:is it (?:safe|dangerous|harmful|okay|ok|bad) to|(?:should|must|do) (?:i|you|we|people) (?:never|not|avoid)|should(?:n'?t| not) (?:i|you|we|people)|never (?:mix|combine|inhale|touch|use)|avoid (?:mixing|making|creating|breathing|inhaling|exposure)|what happens (?:if|when) (?:i|you|someone|people) (?:accidentally )?(?:mix|inhale|breathe|swallow|touch)|accidental(?:ly)?|prevent\w*|protect\w*|treat(?:ment|ed|ing)?|vaccin\w*|safely dispose|symptoms? of|signs? of|exposure to|poisoning symptoms)\b/;
const OWN_PROPERTY_RE = /\b(?:i own|we own|my own|that belongs to me|on my (?:own )?(?:land|property|farm))\b/;
const FICTIONAL_RE = new RegExp(`\\b${FICTIONAL_CHARACTERS}\\b`);
const NAMED_POSSESSIVE_RE = /\b([A-Z][a-z]+(?: [A-Z][a-z.]+){0,3})(?:'s|s'|’s)\s/;
const PUBLIC_ORG_RE = /\b(?:the |an? )?(?:white house|nhs|government|parliament|company|companies|organi[sz]ation|business|shop|store|restaurant|hospital|school|university|college|library|museum|embassy|council|department|ministry|agency|office of|customer (?:service|support)|helpline|hotline|charity|police|fire department|airline|bank's (?:customer|branch)|inc\.?|ltd\.?|corp\.?|corporation|apple|google|microsoft|amazon|facebook|meta|netflix|tesla|samsung|un|united nations|who|eu|nasa|fbi|cia|irs)\b/;
const DIRECT_ASK = /^(?:(?:is|are|does|did|has|was) |what(?:'s| is| are| was)|where (?:is|are|does|do|did)|where (?:can|could|might|would|should|do|may) (?:i|we|one|you|someone) (?:find|get|look up|see|obtain|access|locate)|how (?:can|do|could|would|should|might) (?:i|we|one) (?:get|find|obtain|access|see|learn|know|look up)|can you (?:tell|give|find|share)|tell me|give me|find|who is|which)\b/;

/** Sensitive personal data about a private individual (or an unknown named one) → privacy issue. */
function privacyIssue(norm: string, original: string): { severity: Severity; start: number; end: number } | null {
  if (!DIRECT_ASK.test(norm.trim())) return null;
  let hit: { severity: Severity; start: number; end: number } | null = null;
  for (const [re, sev] of PRIVATE_DATA_RES) {
    const m = re.exec(norm);
    if (m && (!hit || sev === 'high')) hit = { severity: sev, start: m.index, end: m.index + m[0].length };
  }
  if (!hit) return null;
  if (FICTIONAL_RE.test(norm)) return null;
  if (PRIVATE_PERSON_RE.test(norm) || RELATION_POSSESSIVE_RE.test(norm)) return hit;
  // A named person (public figure or unknown): only the highly sensitive kinds are a harm.
  const named = NAMED_POSSESSIVE_RE.exec(original);
  if (named && hit.severity === 'high' && !PUBLIC_ORG_RE.test(named[1].toLowerCase())) return hit;
  return null;
}

/**
 * Harm to people or buildings done "like" a named precedent ("attack my school like Columbine"): the name
 * must be capitalised in the original prompt, so "punch like a pro" does not count.
 */
const COPY_NAMED_RE = new RegExp(`\\b(?:how (?:do|can|could|would|should) (?:i|we)|best way to|help me)\\b[^?]{0,40}\\b(?:${VIOLENT_VERBS}|shoot up) (?:[\\w']+ ){0,3}?(?:${HUMAN}|${PROPERTY})\\b[^?]{0,30}?\\b(?:like|as) (?:at |in |during )?([a-z][\\w'-]+)`, 'd');

const FIGURATIVE_RE = new RegExp(`\\b${FIGURATIVE}\\b`, 'g');
const FICTION_RE = new RegExp(FICTION_CONTEXT);
/** A capitalised title with a sequel number ("in Battlefield 3", "in Grand Theft Auto 5"): a game or film. */
const TITLE_SEQUEL_RE = /\b(?:in|on) (?:[A-Z][\w']+ ){0,3}[A-Z][\w']+ (?:[1-9]|1\d|I{1,3}|IV|V)\b(?![\d.,:%-])/;
/** The asker says the act is meant for the real world, not for a game or story. */
const REAL_WORLD_RE = /\b(?:in real life|irl|for real|in reality|in the real world|outside (?:of )?(?:the|a) (?:game|movie|film|book|story)|not (?:just )?in (?:a|the) (?:game|movie|film|book|story|novel)|(?:a )?real(?:-life)? (?:person|people|human|humans|man|woman|child))\b/;
const HISTORY_RE = new RegExp(HISTORY_FRAME);
const REQUEST_RE = new RegExp(REQUEST);
const DEFINITION_RE = new RegExp(DEFINITION_FRAME);
const ABSURD_RE = new RegExp(`\\b${ABSURD_PREDICATE}`);
const FIRST_PERSON = /\b(?:i|me|my|we|us|our|myself)\b/;
/**
 * A lead-in before the question itself ("Please tell me: ", "Quick question. ", "Hey, "): blanked (offsets
 * kept) so that rules anchored at the start of the question read the question.
 */
const PREAMBLE_RE = /^\s*(?:(?:please|hey|hi|hello|ok|okay|so|quick question|question|i (?:want|would like|'d like) to know|(?:can|could) you (?:please )?tell me|please tell me|tell me|i'm curious|i am curious|i wonder|just wondering)\b[\s,.:;!-]*)+(?=\S)/;

/**
 * Reads a prompt for harmful intent by category. Benign readings of alarming words (idioms such as
 * "kill time", "shoot a photo", targets that are not people such as "kill a Python process", fiction and
 * game contexts, past-tense history questions, public facts about public figures and organisations) cancel
 * the overridable rules. Pure; offsets in the issues point into `prompt`.
 */
export function harmIntent(prompt: string): HarmIntent {
  const collapsed = collapseSpaces(prompt);
  const intent = readCollapsed(collapsed.text);
  if (collapsed.text.length === prompt.length) return intent;
  // Map spans found in the collapsed text back into the prompt as given.
  for (const i of intent.issues) {
    const start = collapsed.offsets[i.span.start];
    const end = i.span.end > 0 ? collapsed.offsets[i.span.end - 1] + 1 : start;
    i.span = { ...i.span, start, end, text: prompt.slice(start, end) };
  }
  return intent;
}

/** `harmIntent` on a prompt whose whitespace runs are single spaces. */
function readCollapsed(prompt: string): HarmIntent {
  const norm = normalizeText(prompt).replace(PREAMBLE_RE, (m) => ' '.repeat(m.length));
  const benignReadings: string[] = [];
  // Blank out idioms so their alarming words cannot match, keeping offsets.
  const masked = norm.replace(FIGURATIVE_RE, (m) => {
    benignReadings.push(`figurative: "${m}"`);
    return ' '.repeat(m.length);
  });
  // An explicit real-world marker ("in real life", "not in a game") cancels the fiction reading.
  const fiction = REAL_WORLD_RE.test(norm) ? null : FICTION_RE.exec(norm) ?? TITLE_SEQUEL_RE.exec(prompt);
  if (fiction) benignReadings.push(`fiction or game context: "${fiction[0].trim()}"`);
  const history = HISTORY_RE.test(norm) && !FIRST_PERSON.test(norm);
  if (history) benignReadings.push('question about past events');
  const definition = DEFINITION_RE.test(norm) && !FIRST_PERSON.test(norm);
  if (definition) benignReadings.push('asks what a term means');
  const absurd = ABSURD_RE.exec(norm);
  if (absurd) benignReadings.push(`impossible premise: "${absurd[0]}"`);
  const issues: Issue[] = [];
  for (const rule of RULES) {
    const m = rule.re.exec(masked);
    if (!m) continue;
    if (rule.overridable && (fiction || history || definition)) continue;
    if (rule.category === 'hate' && absurd) continue;
    if (rule.property && OWN_PROPERTY_RE.test(norm)) continue;
    if (rule.category === 'chemical_biological' && SAFETY_QUESTION_RE.test(masked)) continue;
    if (rule.category === 'cybercrime' && DEFENSIVE_RE.test(masked) && !/\b(?:evad\w*|hide from|undetect\w*)\b/.test(masked)) continue;
    if (rule.category === 'crime' && !REQUEST_RE.test(masked) && !/^\s*(?:write|give|generate|create|describe|explain|list|provide)\b/.test(masked)) continue;
    if (issues.some((i) => i.category === rule.category)) continue;
    issues.push({ category: rule.category, severity: rule.severity, span: { source: 'prompt', start: m.index, end: m.index + m[0].length, text: prompt.slice(m.index, m.index + m[0].length) } });
  }
  if (definition) issues.splice(0, issues.length, ...issues.filter((i) => i.category === 'privacy'));
  const copy = COPY_NAMED_RE.exec(masked);
  const nameAt = copy?.indices?.[1]?.[0];
  if (copy && nameAt !== undefined && /[A-Z]/.test(prompt[nameAt]) && !fiction && !issues.some((i) => i.category === 'violence')) {
    issues.push({ category: 'violence', severity: 'critical', span: { source: 'prompt', start: copy.index, end: copy.index + copy[0].length, text: prompt.slice(copy.index, copy.index + copy[0].length) } });
  }
  const discr = discriminationFrame(masked, prompt);
  if (discr.kind === 'discrimination' && !issues.some((i) => i.category === 'hate')) {
    issues.push({ category: 'hate', severity: 'high', span: { source: 'prompt', start: discr.start, end: discr.end, text: prompt.slice(discr.start, discr.end) } });
  }
  const priv = privacyIssue(masked, prompt);
  if (priv && !issues.some((i) => i.category === 'privacy')) {
    issues.push({ category: 'privacy', severity: priv.severity, span: { source: 'prompt', start: priv.start, end: priv.end, text: prompt.slice(priv.start, priv.end) } });
  }
  return issues.length > 0 ? { kind: 'harmful', issues, benignReadings } : { kind: 'benign', issues: [], benignReadings };
}
