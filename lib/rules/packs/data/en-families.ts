/**
 * English spam families, written by the GroupSteward authors: prize and claim scams,
 * premium-rate and short-code subscriptions, ringtone and dating services, money offers,
 * crypto and job scams. Data only. Weights as in zh-families.ts (a scored rule fires at 2).
 * Phrases are matched on whole words after normalisation (case, leetspeak, spacing).
 */
export const EN_FAMILIES = {
  source: 'GroupSteward authors',
  version: '2026-11',
  licence: 'same as this repository',
  ad: {
    prize_claim: [
      ['you have won', 3], ["you've won", 3], ['you won', 2], ['have won', 2], ['won a', 1], ['winner', 1.5], ['winners', 1.5],
      ['prize', 2], ['prizes', 2], ['claim', 1.5], ['to claim', 2], ['claim your', 2.5], ['claim code', 3], ['claim now', 3],
      ['congratulations', 1.5], ['congrats', 1], ['awarded', 2], ['award', 1], ['selected to receive', 3], ['been selected', 2],
      ['guaranteed', 1.5], ['cash prize', 3], ['prize draw', 3], ['draw', 0.5], ['bonus', 1], ['voucher', 2], ['vouchers', 2],
      ['gift card', 1.5], ['holiday', 1], ['cruise', 1.5], ['collect', 1], ['collection', 1], ['urgent', 1.5], ['valid 12hrs', 3],
      ['expires', 1], ['reward', 1.5], ['rewards', 1.5], ['lucky', 1], ['unclaimed', 2.5], ['entitled', 1.5], ['jackpot', 2],
      ['lottery', 2], ['sweepstake', 2.5], ['free entry', 3], ['win a', 1.5], ['win', 1], ['won', 0.5], ['receive a', 1],
    ],
    premium_rate: [
      ['150p', 3], ['150ppm', 3], ['ppm', 2], ['per min', 2], ['/min', 1.5], ['p/min', 3], ['pmin', 2], ['per msg', 2.5],
      ['per message', 2], ['per week', 1], ['p/wk', 3], ['/wk', 1.5], ['pw', 1], ['msg', 0.5], ['std rates', 2.5],
      ['standard rates', 2], ['network operator', 2], ['18+', 2], ['16+', 2], ['t&c', 2.5], ['t&cs', 2.5], ['t&c\'s', 2.5],
      ['tcs', 2], ['t cs', 1.5], ['pobox', 3], ['po box', 2.5], ['unsubscribe', 2], ['unsub', 2.5], ['opt out', 2.5],
      ['optout', 2.5], ['stop to', 1.5], ['txt stop', 3], ['text stop', 3], ['reply stop', 3], ['send stop', 3],
      ['stop2stop', 3], ['landline', 1.5], ['from land line', 2.5], ['freephone', 2], ['freefone', 3], ['customer services', 1],
      ['helpline', 1], ['cost', 0.5], ['charged', 1], ['sub', 0.5], ['subscription', 1.5], ['subscriber', 1.5],
      ['txt', 1], ['text', 0.3], ['reply', 0.5], ['send', 0.3], ['call', 0.5], ['now', 0.3], ['mobile', 0.8], ['mob', 1],
    ],
    ringtone_dating: [
      ['ringtone', 2.5], ['ringtones', 2.5], ['tone', 1], ['tones', 1.5], ['polyphonic', 3], ['poly', 1.5], ['real tone', 2.5],
      ['wallpaper', 1.5], ['java game', 2.5], ['games', 0.5], ['chat', 0.5], ['dating', 2], ['date', 0.3], ['singles', 2],
      ['sexy', 1.5], ['horny', 2.5], ['naughty', 1.5], ['fancies you', 3], ['secret admirer', 3], ['someone you know', 2],
      ['find out who', 2], ['who it is', 1], ['live operator', 3], ['xxx', 2], ['babe', 1], ['flirt', 2], ['hot', 0.5],
      ['video phone', 2], ['camera phone', 2.5], ['camcorder', 2], ['latest motorola', 2.5], ['nokia', 1], ['colour phone', 2.5],
      ['upgrade', 1], ['update now', 1.5], ['mobileupd8', 3], ['line rental', 2.5], ['free minutes', 2], ['free texts', 2],
      ['free txts', 2.5], ['txts', 1.5], ['mins', 1], ['ntwk', 2], ['orange', 0.5], ['vodafone', 1], ['voda', 1.5],
      ['network', 0.5], ['weekly', 0.5], ['club', 0.5], ['free', 1], ['offer', 1], ['half price', 1.5], ['delivery', 0.3],
    ],
    money_offers: [
      ['work from home', 3], ['working from home', 2], ['from home', 1.5], ['a week', 0.5], ['a month', 0.5], ['make money', 2.5], ['make money online', 3], ['earn money', 2.5],
      ['guaranteed profit', 3], ['guaranteed returns', 3], ['guaranteed income', 3], ['double your money', 3],
      ['passive income', 2.5], ['get rich', 3], ['cheap followers', 3], ['buy followers', 3], ['followers and likes', 3],
      ['instant loan', 3], ['no credit check', 3], ['bad credit', 2], ['loan', 1], ['loans', 1.5], ['debt', 1],
      ['binary options', 3], ['crypto signals', 3], ['trading signals', 3], ['forex signals', 3], ['signal group', 2.5], ['signals channel', 3],
      ['signals group', 3], ['vip channel', 2], ['vip group', 1.5], ['pump', 1], ['doubled', 1], ['join our', 1],
      ['pump group', 3], ['investment opportunity', 3], ['bitcoin investment', 3], ['crypto investment', 3],
      ['recovery expert', 3], ['hacker for hire', 3], ['fake id', 3], ['casino bonus', 3], ['betting tips', 3],
      ['fixed matches', 3], ['side hustle', 2], ['part time job', 1.5], ['part time jobs', 1.5], ['part-time job', 1.5], ['part-time jobs', 1.5], ['dm for promo', 3], ['promo', 1], ['earn', 1], ['profit', 1], ['income', 1],
      ['per day', 1], ['a day', 0.5], ['daily pay', 2], ['no experience', 1.5], ['limited offer', 2], ['limited time', 1.5],
      ['limited stock', 1.5], ['% off', 1.5], ['cheap', 1], ['click here', 2], ['join now', 1.5], ['dm me', 1.5],
      ['message me', 1], ['inbox me', 1.5], ['for details', 1], ['selling gift cards', 3], ['gift cards for sale', 3],
      ['onlyfans', 3], ['hot singles', 3], ['sugar daddy', 3], ['casino', 2], ['bet', 0.5], ['crypto', 1], ['bitcoin', 1],
      ['followers', 1], ['cash', 1], ['£', 1], ['worth', 0.5], ['discount', 1], ['special offer', 2], ['exclusive', 1],
      ['members', 0.5], ['club4', 3], ['membership', 1], ['account statement', 1.5], ['compensation', 1.5], ['accident', 1],
      ['miracle', 2], ['exclusive offer', 2], ['shop now', 2], ['weekend only', 1.5], ['today only', 1.5], ['outlet', 1], ['designer', 0.5], ['free spins', 3], ['spins', 1], ['daily signals', 2.5], ['signals', 1], ['crypto group', 2.5], ['trading group', 2], ['100% natural', 1.5], ['lose weight', 1.5], ['lbs', 1], ['replica', 2.5], ['replicas', 2.5],
    ],
    /** Phishing: a parcel that "could not be delivered", a refund waiting, an account to verify. */
    phishing: [
      ['could not be delivered', 2], ['unable to deliver', 2], ['failed delivery', 2.5], ['delivery attempt', 2],
      ['redelivery', 2.5], ['reschedule delivery', 2.5], ['reschedule your delivery', 2.5], ['delivery fee', 2], ['customs fee', 2.5],
      ['shipping fee', 1.5], ['your parcel', 1], ['your package', 1], ['parcel', 0.5], ['package', 0.5],
      ['tax refund', 2.5], ['outstanding refund', 2.5], ['refund of', 1.5], ['pending refund', 2.5], ['you are eligible', 1.5],
      ['eligible for a refund', 2.5], ['hmrc', 1.5], ['irs', 1],
      ['verify your account', 2.5], ['verify your identity', 2], ['confirm your details', 2.5], ['update your details', 2],
      ['update your payment', 2.5], ['account has been suspended', 3], ['account will be suspended', 3], ['account suspended', 2.5],
      ['account has been locked', 2.5], ['has been locked', 2], ['been blocked', 1.5], ['verify now', 2], ['verify', 1], ['unusual activity', 2], ['suspicious activity', 1.5], ['new payee', 1.5],
      ['click the link', 2], ['tap the link', 2], ['follow the link', 1.5], ['within 24 hours', 1.5], ['within 24hrs', 1.5],
      ['fee is due', 2], ['is due for your', 2], ['a fee of', 1], ['pay the fee', 1.5], ['royal mail', 1], ['evri', 1], ['usps', 1],
      ['payment failed', 2], ['payment was declined', 2], ['dear customer', 1], ['confirm delivery', 2],
      ['confirm your delivery', 2], ['extended warranty', 2.5], ['trying to reach you', 1.5], ['trying to contact you', 1.5],
      ['saw your profile', 2], ['final notice', 1.5], ['has expired', 1], ['renew now', 1.5], ['avoid a fine', 2], ['avoid penalty', 2], ['on hold', 0.5],
    ],
  },
  question: [
    ['is this real', -1.5], ['is this legit', -1.5], ['is this a scam', -1.5], ['is it a scam', -1.5], ['scam?', -1],
    ['is this from you', -1.5], ['did you send', -1.5], ['got this text', -1], ['received this', -1], ['should i click', -1.5],
    ['beware', -1], ['watch out', -1], ['warning', -0.5], ['phishing', -1], ['fake', -0.5],
    // A customer asking about the group's own offers, prizes and rewards ("How do I claim the
    // cashback reward?", "Is the cash bonus offer still valid?") is not advertising them.
    ['how do i', -1.5], ['how can i', -1.5], ['can i', -1], ['is there', -1], ['do you offer', -1.5], ['do you have', -1],
    ['when does', -1], ['when will', -1], ['still valid', -1.5], ['still available', -1], ['where can i', -1.5],
    // A member warning the others about a scam they received, quoting it ("I got a text saying
    // txt WIN to 87121 - it's a scam, don't fall for it"): the quote carries the scam's words,
    // the warning around it says what it is. Reported speech and the warning both count.
    ['scam text', -1.5], ['scam message', -1.5], ['scam email', -1.5], ['scam call', -1.5], ['scam texts', -1.5],
    ["it's a scam", -1.5], ['its a scam', -1.5], ['it is a scam', -1.5], ['is a scam', -1], ['are scams', -1.5], ['scammers', -1],
    ["don't fall for", -1.5], ['dont fall for', -1.5], ['do not fall for', -1.5], ["don't click", -1.5], ['dont click', -1.5],
    ['do not click', -1.5], ["don't reply", -1], ['do not reply', -1], ['ignore it', -1.5], ['ignore them', -1],
    ['be careful', -1], ['heads up', -1], ['reported it', -1.5], ['report it', -1], ['pretending to be', -1.5],
    ['impersonating', -1.5], ['going round', -1], ['going around', -1], ['text saying', -1], ['message saying', -1],
    ['email saying', -1], ['call saying', -1], ['got a text', -1], ['got a message', -1], ['got an email', -1],
    ['received a text', -1], ['saw a text', -1], ['i deleted it', -1], ['will never ask', -1.5], ['never ask for', -1.5],
  ],
  insult: [
    'idiot', 'idiots', 'idiotic', 'stupid', 'moron', 'morons', 'dumb', 'dumbass', 'fuck', 'fucking', 'fucked', 'fucker',
    'motherfucker', 'fck', 'fcuk', 'fuk', 'fuq', 'fvck', 'phuck', 'phuk', 'fukk', 'wtf', 'stfu', 'gtfo', 'shit', 'sh1t',
    'bullshit', 'shitty', 'bitch', 'b1tch', 'biatch', 'bitches', 'asshole', 'arsehole', 'ass', 'arse', 'bastard', 'retard',
    'retarded', 'loser', 'losers', 'scum', 'scumbag', 'jerk', 'dick', 'dickhead', 'cunt', 'piss off', 'pissed', 'screw you',
    'go to hell', 'go die', 'kill yourself', 'kys', 'shut up', 'trash', 'garbage', 'imbecile', 'cretin', 'twat', 'wanker',
    'prick', 'damn', 'goddamn', 'crap', 'crappy', 'douche', 'douchebag', 'slut', 'whore', 'cock', 'cocksucker', 'bollocks',
    'bugger', 'tosser', 'bellend', 'pillock', 'numpty', 'mofo', 'son of a bitch', 'jackass',
    'dipshit', 'shithead', 'piece of shit', 'dumbfuck', 'fuckface', 'fuckwit', 'nitwit', 'halfwit', 'dimwit',
    // A swear's first letter and the rest masked ("shut the f*** up", "you b****"); masks that
    // keep two letters ("f**k", "b***h") the matcher reads against the words themselves.
    'f**', 'f***', 'f****', 'f***ing', 'f***in', 'f***er', 's***', 'sh**', 'b****', 'c***', 'a**hole', 'a**holes', 'f you', 'f u', 'f off', 'f urself', 'f yourself', 'f ur', 'f youself',
    'a-hole', 'ahole', 'kunt', 'slag', 'skank', 'eff off', 'ffs', 'f-ck', 'f-cking', 'sh-t', 'b-tch',
  ],
  /**
   * Words that insult a person when aimed at one ("you're stupid", "shut it, u ass") but are
   * mild profanity or plain words otherwise ("oh shit", "a crap night", "damn traffic",
   * "kick ass"): counted only near a second-person word or as most of a short message
   * (conditions.aimed). Taken out of `insult` and of the obscenity patterns in en.ts.
   */
  /** Found inside longer words too ("motherfucking", "clusterfuck"): no English word hides them. */
  embedded: ['fuck'],
  aimedOnly: [
    'stupid', 'dumb', 'wtf', 'shit', 'sh1t', 'shitty', 'ass', 'arse', 'loser', 'losers', 'jerk', 'pissed', 'trash',
    'garbage', 'damn', 'goddamn', 'crap', 'crappy', 'bollocks', 'bugger', 'pussy', 'twit', 'clown', 'pathetic', 'suck',
  ],
  insultAllow: [
    'trash can', 'trash bin', 'the trash', 'trash folder', 'in trash', 'garbage bag', 'garbage can', 'garbage collection',
    'stupid question', 'dumb question', 'i am stupid', "i'm stupid", 'i was stupid', 'shut up and take my money',
    'knob on', 'door knob', 'volume knob', 'pos terminal', 'pos machine', 'pos system', 'sob story', 'cock-up',
    'damn good', 'dick van dyke', 'moby dick', 'dick turpin', 'bugger all', 'cockpit', 'cockpits', 'cockroach',
    'cockroaches', 'cockatoo', 'cockatiel', 'cockerel', 'cockle', 'cockles', 'cockerspaniel', 'cocker spaniel', 'cockermouth',
    'cockburn', 'pussycat', 'pussycats', 'pussy willow', 'pussyfoot', 'niggard', 'niggardly', 'niggling', 'titmouse',
    'titbit', 'tittle', 'cumlaude', 'cum laude', 'sextant', 'sextet', 'sexton', 'middlesex', 'wessex', 'essex', 'sussex',
    'hitchcock', 'babcock', 'hancock', 'peacock', 'woodcock', 'shuttlecock', 'weathercock', 'gamecock', 'stopcock',
    'pen island', 'penistone', 'therapist', 'therapists', 'grapist', 'scrapbook', 'skyscraper', 'dickensian', 'dickens',
    'arsenal', 'arsenic', 'bassist', 'shiitake', 'shitake', 'matsushita', 'spic and span',
    // Ordinary words a scan of the npm word-list 4.1.0 (MIT; SCOWL) found flagged: every word
    // with a swear inside it was run through the rules, and those that insult nobody are here.
    'cocksure', 'cocksurely', 'cockscomb', 'cockscombs', 'cockswain', 'cockswains', 'cockspur', 'cockspurs', 'cockshy',
    'cockshies', 'cocksfoot', 'dicker', 'dickered', 'dickering', 'dickers', 'dickey', 'dickeys', 'dickie', 'dickies',
    'dicky', 'dickybird', 'dickeybird', 'dickcissel', 'medick', 'medicks', 'rapeseed', 'rapeseeds', 'vandyke',
    'vandyked', 'vandykes', 'klondyke', 'klondyker', 'klondykers', 'fagged', 'fagot', 'fagots', 'fagoted', 'fagoting',
    'fagotto', 'fagotti', 'fagottist', 'fagin', 'fagins', 'fagaceous', 'faggings', 'twattling', 'zaddick', 'niddick',
    'bastardise', 'bastardised', 'bastardises', 'bastardising', 'bastardisation', 'bastardize', 'bastardized', 'bastardizes',
    'bastardizing', 'bastardization', 'cockshut', 'cockshot', 'slutch', 'pissasphalt',
  ],
} as const;
