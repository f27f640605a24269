/**
 * Per-language text templates. Slots: {s} subject (a topic's proper noun, or an inline hashtag),
 * {c} a city, {so} an intensifier, {e} an emoji or emoticon of the post's tone. A word ending in
 * `~` may be elongated ("so~ good" -> "sooo good"); the `~` is always removed.
 *
 * The tone of a template is what a reader would say; the English ones lean on words in common
 * sentiment lexicons (love, great, terrible, hate) and include negation ("not bad at all") so a
 * lexicon engine has realistic material, not only easy cases.
 */

export const TONES = ['positive', 'negative', 'neutral', 'mixed'] as const;
export type Tone = (typeof TONES)[number];
/** About 35% positive, 25% negative, 35% neutral, 5% mixed, as asked of the demo stream. */
export const TONE_WEIGHTS: Record<Tone, number> = {
  positive: 0.35,
  negative: 0.25,
  neutral: 0.35,
  mixed: 0.05,
};

export interface LanguagePack {
  /** ISO 639-1, as X, Bluesky and Comprehend report it. */
  code: string;
  /** Share of all posts. */
  weight: number;
  /** Whether words are separated by spaces (an inline hashtag needs a space after it). */
  spaced: boolean;
  so: readonly string[];
  templates: Record<Tone, readonly string[]>;
  firstNames: readonly string[];
  lastNames: readonly string[];
  /** Family name first, no space (Japanese display names). */
  familyFirst?: boolean;
}

export const EMOJI: Record<Tone, readonly string[]> = {
  positive: ['😍', '🔥', '🎉', '👏', '😊', '❤️', '🙌', '💯', '✨', ':)', ':D', '<3', ';)'],
  negative: ['😡', '😤', '😞', '💔', '🤬', '😢', '👎', '🙄', ':(', ":'(", '>:('],
  neutral: ['📢', '📰', '👀', '🤔', '📊', '🕒'],
  mixed: ['😅', '🤷', '🫤', ':/'],
};

export const LANGUAGES: readonly LanguagePack[] = [
  {
    code: 'en',
    weight: 0.5,
    spaced: true,
    so: ['so~', 'really', 'super'],
    templates: {
      positive: [
        'I lo~ve {s} {e}',
        '{s} is {so} goo~d today {e}',
        'Honestly {s} just made my day, amazing work {e}',
        'Best {s} experience ever! Thank you {e}',
        '{s} is not bad at all, pleasantly surprised {e}',
        'Yes~! {s} nailed it. Brilliant {e}',
        'So~ happy with {s} right now in {c} {e}',
        "Can't stop smiling about {s}, wonderful news {e}",
      ],
      negative: [
        '{s} is down again. Worst experience ever {e}',
        'I hate how {s} keeps failing {e}',
        'Not happy with {s} at all, {so} disappointing {e}',
        '{s} was terrible today. Awful {e}',
        'Why is {s} so~ broken?? Angry and tired {e}',
        'Nobody asked for this {s} nonsense, what a waste {e}',
        "{s} didn't work again. Ugh, horrible {e}",
      ],
      neutral: [
        '{s} update: new version rolling out this week',
        'Reading about {s} this morning',
        'Anyone in {c} following {s}?',
        '{s} announcement scheduled for 3pm',
        'Thread on {s} below',
        'Watching {s} live from {c}',
        'Here is the schedule for {s}',
      ],
      mixed: [
        'Love {s} but the price is terrible {e}',
        '{s} looks great, shame the app keeps crashing {e}',
        'Happy about {s}, sad it ends so soon {e}',
        'Good news on {s}, bad news for {c} fans {e}',
      ],
    },
    firstNames: ['James', 'Emma', 'Olivia', 'Liam', 'Noah', 'Ava', 'Mia', 'Ethan', 'Chloe', 'Jack'],
    lastNames: ['Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson', 'Davis', 'Clark', 'Lee', 'Walker'],
  },
  {
    code: 'es',
    weight: 0.11,
    spaced: true,
    so: ['muy', 'súper'],
    templates: {
      positive: [
        'Me encanta~ {s} {e}',
        '{s} está {so} bien hoy {e}',
        '¡Qué maravilla {s}! Gracias {e}',
        '{s} no está nada mal, me gusta {e}',
        'Feliz con {s} aquí en {c} {e}',
      ],
      negative: [
        '{s} otra vez caído. Qué desastre {e}',
        'Odio cómo {s} sigue fallando {e}',
        'No estoy contento con {s}, {so} decepcionante {e}',
        '{s} fue horrible hoy {e}',
      ],
      neutral: [
        'Actualización de {s}: nueva versión esta semana',
        'Leyendo sobre {s} esta mañana',
        '¿Alguien en {c} siguiendo {s}?',
        'Anuncio de {s} a las 15:00',
      ],
      mixed: [
        'Me gusta {s} pero el precio es terrible {e}',
        '{s} está genial, lástima que la app falla {e}',
      ],
    },
    firstNames: ['María', 'José', 'Lucía', 'Carlos', 'Sofía', 'Diego', 'Valentina', 'Javier'],
    lastNames: ['García', 'Martínez', 'López', 'Sánchez', 'Pérez', 'Gómez', 'Fernández', 'Ruiz'],
  },
  {
    code: 'pt',
    weight: 0.08,
    spaced: true,
    so: ['muito', 'demais'],
    templates: {
      positive: [
        'Amo~ {s} {e}',
        '{s} está {so} bom hoje {e}',
        'Que maravilha {s}! Obrigado {e}',
        '{s} não é nada mal, gostei {e}',
        'Feliz demais com {s} aqui em {c} {e}',
      ],
      negative: [
        '{s} caiu de novo. Que horror {e}',
        'Odeio como {s} continua falhando {e}',
        'Não estou feliz com {s}, {so} decepcionante {e}',
        '{s} foi péssimo hoje {e}',
      ],
      neutral: [
        'Atualização de {s}: nova versão esta semana',
        'Lendo sobre {s} hoje de manhã',
        'Alguém em {c} acompanhando {s}?',
        'Anúncio de {s} às 15h',
      ],
      mixed: ['Gosto de {s} mas o preço é horrível {e}', '{s} é ótimo, pena que o app trava {e}'],
    },
    firstNames: ['João', 'Ana', 'Pedro', 'Beatriz', 'Lucas', 'Mariana', 'Gabriel', 'Juliana'],
    lastNames: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Costa', 'Pereira', 'Almeida', 'Ferreira'],
  },
  {
    code: 'fr',
    weight: 0.06,
    spaced: true,
    so: ['trop', 'vraiment'],
    templates: {
      positive: [
        "J'adore~ {s} {e}",
        "{s} est {so} bien aujourd'hui {e}",
        "Merci {s}, c'est génial {e}",
        "{s} n'est pas mal du tout, j'aime bien {e}",
        'Trop content de {s} ici à {c} {e}',
      ],
      negative: [
        '{s} est encore en panne. Quelle galère {e}',
        'Je déteste quand {s} plante {e}',
        'Pas content de {s}, {so} décevant {e}',
        "{s} était nul aujourd'hui {e}",
      ],
      neutral: [
        'Mise à jour de {s} : nouvelle version cette semaine',
        'Je lis un article sur {s} ce matin',
        "Quelqu'un à {c} suit {s} ?",
        'Annonce de {s} prévue à 15h',
      ],
      mixed: [
        "J'aime {s} mais le prix est horrible {e}",
        "{s} c'est super, dommage que l'appli plante {e}",
      ],
    },
    firstNames: ['Camille', 'Louis', 'Léa', 'Hugo', 'Chloé', 'Lucas', 'Manon', 'Jules'],
    lastNames: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Petit', 'Durand', 'Leroy'],
  },
  {
    code: 'de',
    weight: 0.05,
    spaced: true,
    so: ['so~', 'echt'],
    templates: {
      positive: [
        'Ich liebe {s} {e}',
        '{s} ist heute {so} gut~ {e}',
        'Danke {s}, einfach großartig {e}',
        '{s} ist gar nicht schlecht, gefällt mir {e}',
        'Total glücklich mit {s} hier in {c} {e}',
      ],
      negative: [
        '{s} ist schon wieder down. Katastrophe {e}',
        'Ich hasse es, wie {s} ständig abstürzt {e}',
        'Nicht zufrieden mit {s}, {so} enttäuschend {e}',
        '{s} war heute furchtbar {e}',
      ],
      neutral: [
        '{s} Update: neue Version diese Woche',
        'Lese gerade über {s}',
        'Jemand in {c}, der {s} verfolgt?',
        'Ankündigung zu {s} um 15 Uhr',
      ],
      mixed: [
        'Ich mag {s}, aber der Preis ist schrecklich {e}',
        '{s} ist super, schade dass die App abstürzt {e}',
      ],
    },
    firstNames: ['Lukas', 'Anna', 'Leon', 'Mia', 'Finn', 'Lena', 'Paul', 'Hannah'],
    lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker'],
  },
  {
    code: 'it',
    weight: 0.03,
    spaced: true,
    so: ['molto', 'troppo'],
    templates: {
      positive: [
        'Adoro~ {s} {e}',
        '{s} oggi è {so} bello {e}',
        'Grazie {s}, fantastico {e}',
        '{s} non è affatto male, mi piace {e}',
        'Felicissimo di {s} qui a {c} {e}',
      ],
      negative: [
        '{s} di nuovo giù. Che disastro {e}',
        'Odio quando {s} si blocca {e}',
        'Non sono contento di {s}, {so} deludente {e}',
        '{s} oggi è stato orribile {e}',
      ],
      neutral: [
        'Aggiornamento di {s}: nuova versione questa settimana',
        'Sto leggendo di {s} stamattina',
        'Qualcuno a {c} segue {s}?',
        'Annuncio di {s} alle 15',
      ],
      mixed: [
        'Mi piace {s} ma il prezzo è assurdo {e}',
        "{s} è ottimo, peccato che l'app si blocchi {e}",
      ],
    },
    firstNames: ['Giulia', 'Marco', 'Francesca', 'Luca', 'Chiara', 'Matteo', 'Sara', 'Alessandro'],
    lastNames: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci'],
  },
  {
    code: 'ja',
    weight: 0.06,
    spaced: false,
    so: ['めっちゃ', '本当に'],
    templates: {
      positive: [
        '{s}{so}最高！{e}',
        '{s}大好き{e}',
        '{s}ありがとう、本当に嬉しい{e}',
        '{s}悪くないね、気に入った{e}',
        '{c}で{s}見てる、楽しい！{e}',
      ],
      negative: [
        '{s}また落ちてる。最悪{e}',
        '{s}ずっとエラーで本当に嫌だ{e}',
        '{s}には{so}がっかり{e}',
        '{s}今日はひどかった{e}',
      ],
      neutral: [
        '{s}のアップデート：今週新バージョン',
        '今朝{s}について読んでる',
        '{c}で{s}見てる人いる？',
        '{s}の発表は15時から',
      ],
      mixed: ['{s}は好きだけど値段が高すぎる{e}', '{s}いいけどアプリがよく落ちる{e}'],
    },
    firstNames: ['陽翔', '結衣', '蓮', '陽菜', '湊', '凛', '悠真', '美咲'],
    lastNames: ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村'],
    familyFirst: true,
  },
  {
    code: 'ar',
    weight: 0.04,
    spaced: true,
    so: ['جدا', 'كثيرا'],
    templates: {
      positive: [
        'أحب {s} كثيرا {e}',
        '{s} رائع {so} اليوم {e}',
        'شكرا {s}، ممتاز {e}',
        '{s} ليس سيئا أبدا، أعجبني {e}',
        'سعيد جدا بـ {s} هنا في {c} {e}',
      ],
      negative: [
        '{s} متوقف مرة أخرى. كارثة {e}',
        'أكره أن {s} يتعطل دائما {e}',
        'لست راضيا عن {s}، مخيب للآمال {so} {e}',
        '{s} كان سيئا جدا اليوم {e}',
      ],
      neutral: [
        'تحديث {s}: إصدار جديد هذا الأسبوع',
        'أقرأ عن {s} هذا الصباح',
        'هل هناك أحد في {c} يتابع {s}؟',
        'إعلان {s} الساعة 3 مساء',
      ],
      mixed: ['أحب {s} لكن السعر مرتفع جدا {e}', '{s} جميل لكن التطبيق يتعطل كثيرا {e}'],
    },
    firstNames: ['محمد', 'فاطمة', 'أحمد', 'مريم', 'علي', 'نور', 'عمر', 'سارة'],
    lastNames: ['العلي', 'الحسن', 'الشمري', 'القحطاني', 'المصري', 'الزهراني', 'العتيبي'],
  },
  {
    code: 'hi',
    weight: 0.03,
    spaced: true,
    so: ['बहुत', 'काफी'],
    templates: {
      positive: [
        'मुझे {s} बहुत पसंद है {e}',
        '{s} आज {so} अच्छा है {e}',
        'धन्यवाद {s}, शानदार {e}',
        '{s} बिल्कुल बुरा नहीं है, अच्छा लगा {e}',
        '{c} में {s} देखकर बहुत खुशी हुई {e}',
      ],
      negative: [
        '{s} फिर से बंद है। बहुत बुरा {e}',
        'मुझे नफरत है कि {s} बार बार फेल होता है {e}',
        '{s} से खुश नहीं हूँ, {so} निराशाजनक {e}',
        '{s} आज बेकार था {e}',
      ],
      neutral: [
        '{s} अपडेट: इस हफ्ते नया वर्ज़न',
        'आज सुबह {s} के बारे में पढ़ रहा हूँ',
        '{c} में कोई {s} फॉलो कर रहा है?',
        '{s} की घोषणा दोपहर 3 बजे',
      ],
      mixed: ['{s} पसंद है लेकिन कीमत बहुत ज़्यादा है {e}', '{s} अच्छा है पर ऐप बार बार क्रैश होता है {e}'],
    },
    firstNames: ['आरव', 'अनन्या', 'विहान', 'दीया', 'अर्जुन', 'सान्वी', 'रोहन', 'प्रिया'],
    lastNames: ['शर्मा', 'वर्मा', 'गुप्ता', 'सिंह', 'कुमार', 'पटेल', 'जोशी', 'मेहता'],
  },
  {
    code: 'id',
    weight: 0.04,
    spaced: true,
    so: ['banget', 'sekali'],
    templates: {
      positive: [
        'Suka banget sama {s} {e}',
        '{s} hari ini keren~ {so} {e}',
        'Makasih {s}, mantap {e}',
        '{s} ternyata tidak buruk, aku suka {e}',
        'Senang sekali dengan {s} di {c} {e}',
      ],
      negative: [
        '{s} down lagi. Parah {e}',
        'Benci banget {s} error terus {e}',
        'Nggak puas sama {s}, kecewa {so} {e}',
        '{s} hari ini jelek sekali {e}',
      ],
      neutral: [
        'Update {s}: versi baru minggu ini',
        'Lagi baca soal {s} pagi ini',
        'Ada yang di {c} ngikutin {s}?',
        'Pengumuman {s} jam 15.00',
      ],
      mixed: [
        'Suka {s} tapi harganya mahal banget {e}',
        '{s} bagus, sayang aplikasinya sering error {e}',
      ],
    },
    firstNames: ['Budi', 'Siti', 'Agus', 'Dewi', 'Rizky', 'Putri', 'Andi', 'Ayu'],
    lastNames: ['Santoso', 'Wijaya', 'Pratama', 'Saputra', 'Lestari', 'Hidayat', 'Nugroho'],
  },
];

/** "so~" -> "sooo": repeats the word's last vowel (or last letter) 2 to 5 extra times. */
export function elongate(word: string, extra: number): string {
  const m = /[aeiouyAEIOUY](?=[^aeiouyAEIOUY]*$)/.exec(word);
  const at = m ? m.index : word.length - 1;
  if (at < 0) return word;
  const ch = word.charAt(at);
  return word.slice(0, at + 1) + ch.repeat(extra) + word.slice(at + 1);
}
