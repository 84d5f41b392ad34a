// Decodes a PNG screenshot (base64) in a blank page and measures what it shows: its size,
// how many colours it has (a blank or broken page has a handful), and the share of pixels
// inside a box (the h1) that differ from that box's commonest colour (the heading's ink).
async ({png, box}) => {
  const bytes = Uint8Array.from(atob(png), c => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], {type: 'image/png'}));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  context.drawImage(bitmap, 0, 0);
  const all = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
  const colours = new Set();
  for (let i = 0; i < all.length; i += 4 * 97) colours.add((all[i] << 16) | (all[i + 1] << 8) | all[i + 2]);
  const inside = context.getImageData(Math.round(box.x), Math.round(box.y),
                                      Math.max(1, Math.round(box.width)), Math.max(1, Math.round(box.height))).data;
  const counts = new Map();
  for (let i = 0; i < inside.length; i += 4) {
    const key = (inside[i] << 16) | (inside[i + 1] << 8) | inside[i + 2];
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const commonest = Math.max(...counts.values());
  const pixels = inside.length / 4;
  return {width: bitmap.width, height: bitmap.height, colours: colours.size, ink: (pixels - commonest) / pixels};
}
